import Foundation

/// Reorders a WriteBatch's records by column family and key, for a writer that applies
/// the batch atomically and never reads the states between its records.
///
/// A memtable's skip list inserts keys arriving in order far faster than scattered
/// ones (each insert starts from where the last one went), and the batch's outcome is
/// the same: records of one key keep their order (the sort is stable), records of
/// different keys do not interact. Only the sequence number each record gets changes
/// (the batch's first and last stay), so this is for batches applied as a whole.
public enum WriteBatchKeyOrder {
    /// `batch` with its records sorted by (column family, key bytes), stable; nil when it
    /// holds a record other than put, delete or single delete (a DeleteRange, a merge or
    /// a marker makes the order matter across keys), or is not a valid batch.
    public static func sorted(_ batch: [UInt8]) -> [UInt8]? {
        batch.withUnsafeBytes { sorted($0) }
    }

    /// ``sorted(_:)-([UInt8])`` of a borrowed batch.
    public static func sorted(_ raw: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let reader = try? WriteBatchReader(raw), let base = raw.baseAddress else { return nil }
        var pieces: [Piece] = []
        pieces.reserveCapacity(reader.recordCount)
        for record in reader {
            guard let key = record.key.baseAddress else { return nil }
            let end: UnsafeRawPointer
            switch record.op {
            case .put:
                guard let value = record.value.baseAddress else { return nil }
                end = value + record.value.count
            case .delete, .singleDelete:
                end = key + record.key.count
            default:
                return nil
            }
            pieces.append(Piece(
                family: record.columnFamilyID, start: record.offset, end: end - base,
                keyStart: key - base, keyCount: record.key.count))
        }
        pieces.sort { a, b in
            if a.family != b.family { return a.family < b.family }
            let shared = min(a.keyCount, b.keyCount)
            let order = memcmp(base + a.keyStart, base + b.keyStart, shared)
            if order != 0 { return order < 0 }
            if a.keyCount != b.keyCount { return a.keyCount < b.keyCount }
            return a.start < b.start
        }
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        out.append(contentsOf: raw[0..<WriteBatchReader.headerSize])
        for piece in pieces { out.append(contentsOf: raw[piece.start..<piece.end]) }
        return out
    }

    /// Where one record lies in the batch.
    private struct Piece {
        var family: UInt32
        var start: Int
        var end: Int
        var keyStart: Int
        var keyCount: Int
    }
}
