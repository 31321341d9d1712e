import Foundation
import OzoneFormat
import SwiftProtobuf

extension GeneratorSession {
    /// Creates volumes and buckets (ids, owners, layouts, replication) and the key share of
    /// each bucket. Their table rows are written at the end, with usage totals.
    mutating func setUpNamespace() {
        let keys = options.keys
        let volumeCount = min(8, 2 + keys / 1_000_000)
        let bucketCount = min(40, 4 + keys / 250_000)
        for v in 0..<volumeCount {
            let tx = nextTransaction()
            var name = v < OMGeneratorModel.volumeWords.count ? OMGeneratorModel.volumeWords[v] : "vol\(v)"
            name = "vol-" + name
            volumes.append(GenVolume(
                name: Array(name.utf8), nameString: name, objectID: OMIdentifiers.objectID(transaction: tx),
                creationTransaction: tx, owner: NameVocabulary.users[v % NameVocabulary.users.count]))
        }
        let fixed: [BucketStyle] = [.fso, .obs, .legacyFileSystem, .legacyFlat]
        for i in 0..<bucketCount {
            let style: BucketStyle
            if i < fixed.count {
                style = fixed[i]
            } else {
                let u = random.unit()
                style = u < 0.45 ? .fso : u < 0.80 ? .obs : u < 0.90 ? .legacyFileSystem : .legacyFlat
            }
            let v = i % volumeCount
            volumes[v].bucketCount += 1
            let tx = nextTransaction()
            let word = NameVocabulary.directoryWords[random.below(NameVocabulary.directoryWords.count)]
            let name = "\(style.namePrefix)-\(String(decoding: word, as: UTF8.self))-\(i)"
            let replication: ReplicationSpec
            let r = random.unit()
            replication = r < 0.70 ? .ratisThree : r < 0.85 ? .ecRS32 : r < 0.95 ? .ecRS63 : .ratisOne
            let versioned = style != .fso && (firstBucketOfStyle[.obs] == nil && style == .obs || random.chance(0.2))
            let owner = random.chance(0.8) ? volumes[v].owner : NameVocabulary.users[random.below(NameVocabulary.users.count)]
            let objectID = OMIdentifiers.objectID(transaction: tx)
            buckets.append(GenBucket(
                volumeIndex: v, volumeName: volumes[v].name, volumeObjectID: volumes[v].objectID,
                name: Array(name.utf8), nameString: name, style: style, objectID: objectID,
                creationTransaction: tx, replication: replication, versioned: versioned, owner: owner,
                keyACLs: ACLEncoding.encoded(field: 13, owner: owner, group: NameVocabulary.users[0]),
                directoryACLs: ACLEncoding.encoded(field: 5, owner: owner, group: NameVocabulary.users[0]),
                tree: DirectoryTree(rootObjectID: objectID), lastTransaction: tx))
            if firstBucketOfStyle[style] == nil { firstBucketOfStyle[style] = i }
        }
        // Zipf-like shares, shuffled so the big buckets are of any style.
        var weights = (0..<bucketCount).map { 1.0 / pow(Double($0 + 1), 0.9) }
        for i in stride(from: weights.count - 1, to: 0, by: -1) {
            weights.swapAt(i, random.below(i + 1))
        }
        var running = 0.0
        bucketWeights = weights.map { running += $0; return running }
        let hex = Array("0123456789abcdef".utf8)
        for _ in 0..<256 {
            var tag: [UInt8] = []
            for _ in 0..<32 { tag.append(hex[random.below(16)]) }
            etags.append(tag)
        }
    }

    /// volumeTable, bucketTable (with usage), userTable, s3SecretTable, prefixTable,
    /// metaTable and transactionInfoTable rows.
    mutating func writeNamespaceRecords() throws {
        for b in buckets.indices {
            let bucket = buckets[b]
            var info = OMBucketInfo()
            info.volumeName = String(decoding: bucket.volumeName, as: UTF8.self)
            info.bucketName = bucket.nameString
            info.acls = Self.acls(owner: bucket.owner)
            info.isVersionEnabled = bucket.versioned
            info.storageType = .disk
            info.creationTime = time(bucket.creationTransaction)
            info.objectID = bucket.objectID
            info.updateID = bucket.lastTransaction
            info.modificationTime = time(bucket.lastTransaction)
            info.usedBytes = bucket.usedBytes
            info.quotaInBytes = -1
            info.quotaInNamespace = -1
            info.usedNamespace = bucket.usedNamespace
            info.bucketLayout = bucket.style.layout
            info.owner = String(decoding: bucket.owner, as: UTF8.self)
            info.defaultReplicationConfig = Self.defaultReplication(bucket.replication)
            key.reset()
            key.slash(); key.append(bucket.volumeName); key.slash(); key.append(bucket.name)
            try put(.bucketTable, key: key.bytes, value: try info.serializedBytes())
        }
        var usersToVolumes: [[UInt8]: [String]] = [:]
        for volume in volumes {
            var info = OMVolumeInfo()
            info.adminName = "hadoop"
            info.ownerName = String(decoding: volume.owner, as: UTF8.self)
            info.volume = volume.nameString
            info.quotaInBytes = UInt64.max // -1: no quota
            info.volumeAcls = Self.acls(owner: volume.owner)
            info.creationTime = time(volume.creationTransaction)
            info.objectID = volume.objectID
            info.updateID = volume.creationTransaction
            info.modificationTime = time(volume.creationTransaction)
            info.quotaInNamespace = -1
            info.usedNamespace = UInt64(volume.bucketCount)
            info.refCount = 0
            try put(.volumeTable, key: Array(("/" + volume.nameString).utf8), value: try info.serializedBytes())
            usersToVolumes[volume.owner, default: []].append(volume.nameString)
        }
        for user in NameVocabulary.users {
            let tx = nextTransaction()
            var info = OMPersistedUserVolumeInfo()
            info.volumeNames = usersToVolumes[user] ?? []
            info.objectID = OMIdentifiers.objectID(transaction: tx)
            info.updateID = tx
            if !info.volumeNames.isEmpty { try put(.userTable, key: user, value: try info.serializedBytes()) }
            if user != NameVocabulary.users[0] {
                var secret = OMS3Secret()
                secret.kerberosID = String(decoding: user, as: UTF8.self)
                secret.awsSecret = String(decoding: (0..<64).map { _ in Array("0123456789abcdef".utf8)[random.below(16)] }, as: UTF8.self)
                try put(.s3SecretTable, key: user, value: try secret.serializedBytes())
            }
        }
        // A couple of prefix ACLs on the first buckets.
        for b in buckets.indices.prefix(2) {
            let tx = nextTransaction()
            var prefix = OMPersistedPrefixInfo()
            prefix.name = "shared/"
            prefix.acls = Self.acls(owner: buckets[b].owner)
            prefix.objectID = OMIdentifiers.objectID(transaction: tx)
            prefix.updateID = tx
            let k = "/" + String(decoding: buckets[b].volumeName, as: UTF8.self) + "/" + buckets[b].nameString + "/shared/"
            try put(.prefixTable, key: Array(k.utf8), value: try prefix.serializedBytes())
        }
        try put(.metaTable, key: OMIdentifiers.layoutVersionKey, value: Array("8".utf8))
        try put(.transactionInfoTable, key: OMIdentifiers.transactionInfoKey,
                value: OMIdentifiers.transactionInfo(term: OMGeneratorModel.term, index: transaction))
    }

    static func acls(owner: [UInt8]) -> [OMOzoneAclInfo] {
        [(OMOzoneAclInfo.OzoneAclType.user, owner), (.group, NameVocabulary.users[0])].map { type, name in
            var acl = OMOzoneAclInfo()
            acl.type = type
            acl.name = String(decoding: name, as: UTF8.self)
            acl.rights = Data(ACLEncoding.allRights)
            acl.aclScope = .access
            return acl
        }
    }

    static func defaultReplication(_ r: ReplicationSpec) -> HddsDefaultReplicationConfig {
        var config = HddsDefaultReplicationConfig()
        config.type = r.type
        if r.isEC {
            var ec = HddsECReplicationConfig()
            ec.data = r.ecData
            ec.parity = r.ecParity
            ec.codec = String(decoding: r.ecCodec, as: UTF8.self)
            ec.ecChunkSize = r.ecChunkSize
            config.ecReplicationConfig = ec
        } else {
            config.factor = r.factor
        }
        return config
    }
}
