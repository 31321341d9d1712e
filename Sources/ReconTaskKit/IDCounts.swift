/// Signed counts per 64-bit id for ids handed out in sequence (SCM's container ids
/// start at 1 and grow by one): ids below ``denseLimit`` are counted in an array
/// indexed by id, grown to the highest id seen (no hashing, one memory access per
/// count); any other id falls back to a map.
public struct IDCounts: Sendable {
    /// Ids from 0 up to this (exclusive) are counted in the array: 16 MiB at most.
    public static let denseLimit: Int64 = 1 << 21

    private var dense: [Int64] = []
    private var sparse: [Int64: Int64] = [:]

    /// No counts.
    public init() {}

    /// Adds `delta` to the count of `id`.
    public mutating func add(_ id: Int64, _ delta: Int64 = 1) {
        guard id >= 0 && id < Self.denseLimit else {
            sparse[id, default: 0] += delta
            return
        }
        let index = Int(id)
        if index >= dense.count {
            let grown = min(Int(Self.denseLimit), max(index + 1, dense.count * 2, 1024))
            dense.append(contentsOf: repeatElement(0, count: grown - dense.count))
        }
        dense[index] += delta
    }

    /// Adds every count of `other`.
    public mutating func add(_ other: IDCounts) {
        other.forEach { add($0, $1) }
    }

    /// Visits every id whose count is not zero, in no particular order.
    public func forEach(_ body: (_ id: Int64, _ count: Int64) throws -> Void) rethrows {
        for (index, count) in dense.enumerated() where count != 0 { try body(Int64(index), count) }
        for (id, count) in sparse where count != 0 { try body(id, count) }
    }
}
