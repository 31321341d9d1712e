import Foundation
import OzoneFormat
import ReconPluginTestSupport

/// From-scratch recounts of the simulated OM's own DB, written independently of the
/// plugins' code: the truth the plugins' answers are compared with.
enum OMRecount {
    /// One FileSizeCount row's identity.
    struct BinRow: Hashable, CustomStringConvertible {
        var volume: String
        var bucket: String
        var fileSize: Int64
        var description: String { "\(volume)/\(bucket)@\(fileSize)" }
    }

    /// Recon's stored upper bound for a file of `size` bytes: the smallest power of two
    /// of at least 1024 that is >= size, or Long.MAX_VALUE from 1 PiB up.
    static func binUpperBound(_ size: UInt64) -> Int64 {
        if size >= 1 << 50 { return Int64.max }
        var bound: UInt64 = 1024
        while bound < size { bound <<= 1 }
        return Int64(bound)
    }

    /// File counts per (volume, bucket, bin upper bound) over keyTable and fileTable.
    static func fileCounts(_ harness: PluginHarness) throws -> [BinRow: Int64] {
        var counts: [BinRow: Int64] = [:]
        for table in ["keyTable", "fileTable"] {
            try harness.forEachOMRecord(table) { _, value in
                let info = try OMKeyInfo(serializedBytes: Array(value))
                counts[BinRow(volume: info.volumeName, bucket: info.bucketName, fileSize: binUpperBound(info.dataSize)), default: 0] += 1
            }
        }
        return counts
    }

    /// Count and byte totals of one OM table.
    struct TableTotals: Equatable, CustomStringConvertible {
        var count: Int64 = 0
        var unreplicated: Int64 = 0
        var replicated: Int64 = 0
        var description: String { "(count \(count), bytes \(unreplicated)/\(replicated))" }
    }

    /// Every OM table's totals: rows (deletedTable: listed keys); bytes for open keys
    /// and files, deleted keys and multipart uploads (inline parts).
    static func tableTotals(_ harness: PluginHarness) throws -> [String: TableTotals] {
        var totals: [String: TableTotals] = [:]
        for table in Set(harness.om.columnFamilyIDs.values) where table != "default" {
            var t = TableTotals()
            try harness.forEachOMRecord(table) { _, value in
                switch table {
                case "openKeyTable", "openFileTable":
                    let info = try OMKeyInfo(serializedBytes: Array(value))
                    t.count += 1
                    t.unreplicated += Int64(info.dataSize)
                    t.replicated += Int64(info.replicatedSize)
                case "deletedTable":
                    let list = try OMRepeatedKeyInfo(serializedBytes: Array(value))
                    t.count += Int64(list.keyInfo.count)
                    for info in list.keyInfo {
                        t.unreplicated += Int64(info.dataSize)
                        t.replicated += Int64(info.replicatedSize)
                    }
                case "multipartInfoTable":
                    let upload = try OMMultipartKeyInfo(serializedBytes: Array(value))
                    t.count += 1
                    for part in upload.partKeyInfoList {
                        t.unreplicated += Int64(part.partKeyInfo.dataSize)
                        t.replicated += Int64(part.partKeyInfo.replicatedSize)
                    }
                default:
                    t.count += 1
                }
            }
            totals[table] = t
        }
        return totals
    }

    /// The OM keys of `table` as strings, in key order.
    static func keys(_ harness: PluginHarness, _ table: String) throws -> [String] {
        var keys: [String] = []
        try harness.forEachOMRecord(table) { key, _ in keys.append(String(decoding: key, as: UTF8.self)) }
        return keys
    }
}

/// Reads JSON numbers whatever Foundation bridged them to.
func jsonInt(_ value: Any?) -> Int64? {
    switch value {
    case let n as Int: Int64(n)
    case let n as Int64: n
    case let n as NSNumber: n.int64Value
    default: nil
    }
}
