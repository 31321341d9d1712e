import OzoneFormat
import SwiftProtobuf

extension GeneratorSession {
    /// The first top-level directory (or prefix) of bucket `b` as a rule prefix `name/`,
    /// or a file-name stem for flat buckets.
    func lifecyclePrefix(bucket b: Int) -> String {
        let tree = buckets[b].tree
        if buckets[b].style != .legacyFlat {
            for i in 1..<max(1, tree.count) where tree.parents[i] == 0 {
                return String(decoding: tree.name(i), as: UTF8.self) + "/"
            }
            return ""
        }
        return String(decoding: NameVocabulary.fileStems[0], as: UTF8.self) + "-"
    }

    /// lifecycleConfigurationTable rows (`/vol/bucket` → `LifecycleConfiguration`) on about a
    /// third of the buckets — always on the first FSO and OBS bucket — mixing prefix and tag
    /// filters, days and dates, abort-incomplete-MPU and a disabled rule; and one
    /// lifecycleScanStateTable row for the first configured bucket.
    mutating func writeLifecycleConfigurations() throws {
        var wroteScanState = false
        for b in buckets.indices {
            let always = b == firstBucketOfStyle[.fso] || b == firstBucketOfStyle[.obs]
            guard always || b % 3 == 0 else { continue }
            let tx = nextTransaction()
            let bucket = buckets[b]
            var config = OMLifecycleConfiguration()
            config.volume = String(decoding: bucket.volumeName, as: UTF8.self)
            config.bucket = bucket.nameString
            config.bucketLayout = bucket.style.layout
            config.creationTime = time(tx)
            config.objectID = OMIdentifiers.objectID(transaction: tx)
            config.updateID = tx
            config.bucketObjectID = bucket.objectID

            var expire = OMLifecycleRule()
            expire.id = "expire-old-data"
            expire.enabled = true
            var expireAction = OMLifecycleAction()
            expireAction.expiration.days = [30, 90, 365][random.below(3)]
            expire.action = [expireAction]
            var filter = OMLifecycleFilter()
            filter.prefix = lifecyclePrefix(bucket: b)
            expire.filter = filter
            config.rules.append(expire)

            var abort = OMLifecycleRule()
            abort.id = "abort-incomplete-mpu"
            abort.enabled = true
            var abortAction = OMLifecycleAction()
            abortAction.abortIncompleteMultipartUpload.daysAfterInitiation = 7
            abort.action = [abortAction]
            abort.prefix = ""
            config.rules.append(abort)

            if bucket.style != .fso {
                var tagged = OMLifecycleRule()
                tagged.id = "expire-cold-tier"
                tagged.enabled = true
                var action = OMLifecycleAction()
                action.expiration.days = 180
                tagged.action = [action]
                var tagFilter = OMLifecycleFilter()
                var tag = OMLifecycleFilterTag()
                tag.key = "tier"
                tag.value = "cold"
                tagFilter.tag = tag
                tagged.filter = tagFilter
                config.rules.append(tagged)
            }
            if random.chance(0.5) {
                var dated = OMLifecycleRule()
                dated.id = "expire-on-date"
                dated.enabled = false
                var action = OMLifecycleAction()
                action.expiration.date = "2026-01-01T00:00:00.000Z"
                dated.action = [action]
                dated.prefix = bucket.style == .fso ? "" : "tmp/"
                config.rules.append(dated)
            }
            var bucketKey: [UInt8] = [KeyWriter.slash]
            bucketKey.append(contentsOf: bucket.volumeName)
            bucketKey.append(KeyWriter.slash)
            bucketKey.append(contentsOf: bucket.name)
            try put(.lifecycleConfigurationTable, key: bucketKey, value: try config.serializedBytes())

            if !wroteScanState {
                wroteScanState = true
                var state = OMLifecycleScanState()
                state.bucketKey = String(decoding: bucketKey, as: UTF8.self)
                state.bucketObjID = bucket.objectID
                state.lifecycleConfigurationUpdateID = tx
                state.scanStartTime = time(tx)
                state.scanEndTime = time(tx) + 60_000
                state.lastScannedKey = ""
                try put(.lifecycleScanStateTable, key: bucketKey, value: try state.serializedBytes())
            }
        }
    }
}
