/// An order-independent checksum over every key and value byte of a scan: each record
/// hashes its key then its value (FNV-1a over 8-byte words), and the record hashes are
/// added, so any split of the key space over threads gives the same total. Reading every
/// byte is the point: the compiler cannot skip the values, and two passes must agree.
struct ScanChecksum: Sendable, Equatable {
    /// The sum of the record hashes.
    private(set) var value: UInt64 = 0
    /// Records folded in.
    private(set) var records: UInt64 = 0
    /// Key and value bytes folded in.
    private(set) var bytes: UInt64 = 0

    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Folds one record in.
    @inline(__always)
    mutating func add(key: UnsafeRawBufferPointer, value recordValue: UnsafeRawBufferPointer) {
        let h = Self.hash(recordValue, seed: Self.hash(key, seed: Self.basis))
        value = value &+ h
        records += 1
        bytes += UInt64(key.count + recordValue.count)
    }

    /// Adds another partial checksum (of a disjoint key range).
    mutating func merge(_ other: ScanChecksum) {
        value = value &+ other.value
        records += other.records
        bytes += other.bytes
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        guard let base = bytes.baseAddress else { return seed }
        var h = seed
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* prime
            i += 1
        }
        return h
    }
}
