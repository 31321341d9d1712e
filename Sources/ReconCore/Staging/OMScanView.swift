/// A half-open key range `[lower, upper)` of one OM table, compared bytewise; a
/// nil bound is open on that side.
public struct ScanRange: Sendable, Hashable, CustomStringConvertible {
    /// First key included, or nil for "from the first key".
    public var lower: [UInt8]?
    /// First key excluded, or nil for "to the last key".
    public var upper: [UInt8]?

    /// A range; both bounds open by default.
    public init(lower: [UInt8]? = nil, upper: [UInt8]? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// The whole table.
    public static let all = ScanRange()

    /// The keys starting with `prefix`.
    public init(prefix: [UInt8]) {
        self.init(lower: prefix.isEmpty ? nil : prefix, upper: Self.successor(of: prefix))
    }

    /// The smallest key greater than every key starting with `prefix`, or nil when
    /// there is none (empty prefix, or all 0xFF bytes).
    static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var s = prefix
        while let last = s.last {
            if last < 0xFF {
                s[s.count - 1] = last + 1
                return s
            }
            s.removeLast()
        }
        return nil
    }

    /// Whether `key` lies in the range.
    public func contains(_ key: some Sequence<UInt8>) -> Bool {
        if let lower, key.lexicographicallyPrecedes(lower) { return false }
        if let upper, !key.lexicographicallyPrecedes(upper) { return false }
        return true
    }

    /// `[lower, upper)` with the bounds as hex, for logs.
    public var description: String {
        func hex(_ b: [UInt8]?) -> String {
            b.map { $0.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() } ?? "+∞"
        }
        return "[\(lower == nil ? "-∞" : hex(lower)), \(hex(upper)))"
    }
}

/// A consistent, read-only view of the OM replica at one OM sequence number: the
/// seam between the staged reprocessor and the OM sync engine. The reprocessor runs
/// ONE shared parallel scan over it for every plugin, and answers the plugins'
/// `om_get` point reads from it, so chunks see exactly the state the view reflects.
///
/// Contract:
/// - the view never changes while it lives (a RocksDB snapshot or a checkpoint);
/// - every method may be called from several threads at once;
/// - ``partitions(table:count:)`` returns ranges that are disjoint, in key order
///   and together cover the whole table (open first lower and last upper bound);
/// - ``scan(table:range:_:)`` visits the keys of the range in bytewise order; the
///   buffers are borrowed for the duration of one `visit` call.
///
/// ``RocksDBScanView`` implements it over any ``ReconRocksDB/RocksDB``.
public protocol OMScanView: Sendable {
    /// The OM sequence number the view reflects: deltas with a higher sequence are
    /// applied on top of it during catch-up.
    var sequence: UInt64 { get }
    /// The OM column families present.
    var tables: [String] { get }
    /// An estimate of the number of records in `table` (for progress only).
    func approximateCount(table: String) -> UInt64
    /// Up to `count` key ranges splitting `table` for parallel workers.
    func partitions(table: String, count: Int) throws -> [ScanRange]
    /// Visits the records of `table` in `range`, in key order; `visit` returns false to stop.
    func scan(
        table: String, range: ScanRange,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws
    /// Calls `body` with the value of `key` in `table` (nil when absent), borrowed
    /// during `body`: the point reads plugins make during reprocess.
    func withValue<R>(table: String, key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R
}
