/// The fields of one 512-byte tar header block (ustar, GNU and v7 layouts), decoded
/// and checked. Names and link targets come out raw; pax and GNU long-name records
/// that precede the header override them (see ``TarReader``).
struct TarHeader {
    static let blockSize = 512

    /// `name` (plus the ustar `prefix` when present).
    var name: [UInt8]
    /// The `linkname` field.
    var linkName: [UInt8]
    /// Size of the data that follows, in bytes.
    var size: UInt64
    /// Permission bits.
    var mode: UInt32
    /// Modification time, seconds since the epoch.
    var modificationTime: Int64
    /// The type flag (`0`, `5`, `x`, ...); NUL is normalized to `0`.
    var type: UInt8

    /// True when all 512 bytes are zero (an end-of-archive block).
    static func isZeroBlock(_ block: UnsafeRawBufferPointer) -> Bool {
        for byte in block where byte != 0 { return false }
        return true
    }

    /// Decodes `block` (512 bytes read at archive `offset`): checks the checksum,
    /// then reads names, size, mode, time and type.
    init(_ block: UnsafeRawBufferPointer, offset: UInt64) throws(TarError) {
        precondition(block.count == Self.blockSize)
        let stored = Self.number(block, 148, 8)
        var unsigned: UInt64 = 0
        var signed: Int64 = 0
        for i in 0..<Self.blockSize {
            let byte = (148..<156).contains(i) ? 0x20 : block[i]
            unsigned &+= UInt64(byte)
            signed &+= Int64(Int8(bitPattern: byte))
        }
        // Historic writers summed signed bytes; accept either sum.
        guard let stored, stored == unsigned || Int64(bitPattern: stored) == signed else {
            throw .badChecksum(offset: offset, stored: Self.number(block, 148, 8), computed: unsigned)
        }
        guard let size = Self.number(block, 124, 12) else { throw .badNumericField(offset: offset, field: "size") }
        guard let mode = Self.number(block, 100, 8) else { throw .badNumericField(offset: offset, field: "mode") }
        self.size = size
        self.mode = UInt32(truncatingIfNeeded: mode)
        self.modificationTime = Self.number(block, 136, 12).map { Int64(bitPattern: $0) } ?? 0
        self.type = block[156] == 0 ? UInt8(ascii: "0") : block[156]
        self.linkName = Self.cString(block, 157, 100)
        var name = Self.cString(block, 0, 100)
        // POSIX ustar ("ustar\0"): a non-empty prefix is joined with '/'. GNU headers
        // ("ustar ") keep other data in those bytes, so their prefix is not read.
        if Self.matches(block, 257, "ustar\0") {
            let prefix = Self.cString(block, 345, 155)
            if !prefix.isEmpty { name = prefix + [UInt8(ascii: "/")] + name }
        }
        self.name = name
    }

    /// The bytes of a NUL-terminated field.
    static func cString(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> [UInt8] {
        var end = start
        while end < start + length && block[end] != 0 { end += 1 }
        return Array(block[start..<end])
    }

    private static func matches(_ block: UnsafeRawBufferPointer, _ start: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        let p = text.utf8Start
        for i in 0..<count where block[start + i] != p[i] { return false }
        return true
    }

    /// A numeric field: octal ASCII (leading spaces, ended by space or NUL), or GNU
    /// base-256 when the high bit of the first byte is set. Nil when malformed,
    /// negative or too large for 64 bits.
    static func number(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> UInt64? {
        let first = block[start]
        if first & 0x80 != 0 {
            guard first == 0x80 else { return nil } // 0xFF marks a negative number
            var value: UInt64 = 0
            for i in (start + 1)..<(start + length) {
                guard value >> 56 == 0 else { return nil }
                value = value << 8 | UInt64(block[i])
            }
            return value
        }
        var i = start
        let end = start + length
        while i < end && block[i] == UInt8(ascii: " ") { i += 1 }
        var value: UInt64 = 0
        var digits = 0
        while i < end {
            let byte = block[i]
            if byte == 0 || byte == UInt8(ascii: " ") { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7"), value >> 61 == 0 else { return nil }
            value = value << 3 | UInt64(byte - UInt8(ascii: "0"))
            digits += 1
            i += 1
        }
        // Only spaces and NULs may follow the digits.
        while i < end {
            guard block[i] == 0 || block[i] == UInt8(ascii: " ") else { return nil }
            i += 1
        }
        return digits == 0 ? 0 : value
    }
}
