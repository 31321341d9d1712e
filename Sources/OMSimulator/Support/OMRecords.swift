import OzoneFormat

/// One block location (`KeyLocation`) of a key version.
struct BlockRecord: Sendable {
    var containerID: Int64
    var localID: Int64
    var length: UInt64
    var createVersion: UInt64
    var blockCommitSequenceID: UInt64
    /// Multipart part number, or -1 when the block is not part of an upload.
    var partNumber: Int32 = -1
}

/// The fields of a `KeyInfo` the simulator writes, in reusable storage: reset it and refill
/// it for every record, the arrays keep their capacity.
struct KeyInfoRecord {
    var volume: [UInt8] = []
    var bucket: [UInt8] = []
    var keyName: [UInt8] = []
    var dataSize: UInt64 = 0
    var replication: ReplicationSpec = .ratisThree
    /// Every block of every version, versions in order.
    var blocks: [BlockRecord] = []
    /// Per version: its number and the end index of its blocks in `blocks`.
    var versions: [(number: UInt64, blockEnd: Int)] = []
    var isMultipart = false
    var creationTime: UInt64 = 0
    var modificationTime: UInt64 = 0
    var objectID: UInt64 = 0
    var updateID: UInt64 = 0
    var parentID: UInt64 = 0
    var isFile = true
    var owner: [UInt8] = []
    /// Already-encoded field-13 ACL entries (cached per owner).
    var encodedACLs: [UInt8] = []
    var metadata: [(key: [UInt8], value: [UInt8])] = []
    var tags: [(key: [UInt8], value: [UInt8])] = []
    /// Field 22: written only to open-key tables.
    var expectedDataGeneration: UInt64?

    init() {
        blocks.reserveCapacity(64)
        versions.reserveCapacity(4)
        keyName.reserveCapacity(256)
    }

    mutating func reset() {
        keyName.removeAll(keepingCapacity: true)
        blocks.removeAll(keepingCapacity: true)
        versions.removeAll(keepingCapacity: true)
        metadata.removeAll(keepingCapacity: true)
        tags.removeAll(keepingCapacity: true)
        dataSize = 0
        isMultipart = false
        parentID = 0
        isFile = true
        expectedDataGeneration = nil
    }

    /// Closes the current version: the blocks appended since the previous one belong to it.
    mutating func endVersion(_ number: UInt64) {
        versions.append((number, blocks.count))
    }

    /// Encodes the record as Ozone's `KeyInfo` (fields in number order, like protobuf-java).
    func encode(into w: inout ProtoWriter) {
        w.bytes(1, volume)
        w.bytes(2, bucket)
        w.bytes(3, keyName)
        w.uint(4, dataSize)
        w.int(5, Int64(replication.type.rawValue))
        if !replication.isEC { w.int(6, Int64(replication.factor.rawValue)) }
        var start = 0
        for version in versions {
            let list = w.begin(7)
            w.uint(1, version.number)
            var index = start
            while index < version.blockEnd {
                Self.encodeBlock(blocks[index], into: &w)
                index += 1
            }
            w.bool(4, isMultipart)
            w.end(list)
            start = version.blockEnd
        }
        w.uint(8, creationTime)
        w.uint(9, modificationTime)
        w.uint(10, versions.last?.number ?? UInt64.max)
        for entry in metadata { Self.encodeKeyValue(11, entry, into: &w) }
        w.raw(encodedACLs)
        w.uint(14, objectID)
        w.uint(15, updateID)
        w.uint(16, parentID)
        if replication.isEC {
            let ec = w.begin(17)
            replication.writeEC(&w)
            w.end(ec)
        }
        w.bool(19, isFile)
        w.bytes(20, owner)
        for entry in tags { Self.encodeKeyValue(21, entry, into: &w) }
        if let expectedDataGeneration { w.uint(22, expectedDataGeneration) }
    }

    @inline(__always)
    static func encodeBlock(_ block: BlockRecord, into w: inout ProtoWriter) {
        let location = w.begin(2)
        let blockID = w.begin(1)
        let containerBlockID = w.begin(1)
        w.int(1, block.containerID)
        w.int(2, block.localID)
        w.end(containerBlockID)
        w.uint(2, block.blockCommitSequenceID)
        w.end(blockID)
        w.uint(3, 0)
        w.uint(4, block.length)
        w.uint(5, block.createVersion)
        if block.partNumber >= 0 { w.int(9, Int64(block.partNumber)) }
        w.end(location)
    }

    @inline(__always)
    static func encodeKeyValue(_ field: UInt32, _ entry: (key: [UInt8], value: [UInt8]), into w: inout ProtoWriter) {
        let kv = w.begin(field)
        w.bytes(1, entry.key)
        w.bytes(2, entry.value)
        w.end(kv)
    }
}

/// The fields of a `DirectoryInfo`.
struct DirectoryRecord {
    var name: ArraySlice<UInt8> = []
    var creationTime: UInt64 = 0
    var modificationTime: UInt64 = 0
    var objectID: UInt64 = 0
    var updateID: UInt64 = 0
    var parentID: UInt64 = 0
    var owner: [UInt8] = []
    var encodedACLs: [UInt8] = []

    /// Encodes the record as Ozone's `DirectoryInfo`.
    func encode(into w: inout ProtoWriter) {
        w.bytes(1, name)
        w.uint(2, creationTime)
        w.uint(3, modificationTime)
        // Directory ACLs use field 5.
        w.raw(encodedACLs)
        w.uint(6, objectID)
        w.uint(7, updateID)
        w.uint(8, parentID)
        w.bytes(9, owner)
    }
}

/// Encoded `OzoneAclInfo` lists, as OM writes them on keys (field 13) and directories
/// (field 5): the owner with ALL rights and the owner's group with ALL rights.
enum ACLEncoding {
    /// `BitSet.toByteArray()` of `IAccessAuthorizer.ACLType.ALL` (ordinal 7).
    static let allRights: [UInt8] = [0x80]

    static func encoded(field: UInt32, owner: [UInt8], group: [UInt8]) -> [UInt8] {
        var w = ProtoWriter(capacity: 64)
        for (type, name) in [(OMOzoneAclInfo.OzoneAclType.user, owner), (.group, group)] {
            let acl = w.begin(field)
            w.int(1, Int64(type.rawValue))
            w.bytes(2, name)
            w.bytes(3, allRights)
            w.int(4, 0)
            w.end(acl)
        }
        return w.bytes
    }
}
