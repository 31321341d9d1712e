/// Appends OM key strings (om-db-format.md §4) to a reusable byte buffer, byte for byte
/// what OzoneFormat's key codecs produce, without building `String`s.
struct KeyWriter {
    static let slash = UInt8(ascii: "/")

    /// The key bytes.
    var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func reset() { bytes.removeAll(keepingCapacity: true) }
    @inline(__always) mutating func slash() { bytes.append(Self.slash) }
    @inline(__always) mutating func append(_ part: [UInt8]) { bytes.append(contentsOf: part) }
    @inline(__always) mutating func append(_ part: ArraySlice<UInt8>) { bytes.append(contentsOf: part) }
    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// `value` as Java's `Long.toString` prints it.
    @inline(__always)
    mutating func decimal(_ value: Int64) {
        Self.appendDecimal(value, to: &bytes)
    }

    /// An unsigned id printed as the signed Java long it is (`Int64(bitPattern:)`).
    @inline(__always)
    mutating func signedID(_ id: UInt64) {
        Self.appendDecimal(Int64(bitPattern: id), to: &bytes)
    }

    /// `/vol/bucket/` — the names-based bucket prefix.
    @inline(__always)
    mutating func bucketPrefix(volume: [UInt8], bucket: [UInt8]) {
        slash(); append(volume); slash(); append(bucket); slash()
    }

    /// `/volID/bucketID/parentID/` — the FSO children prefix.
    @inline(__always)
    mutating func fsoPrefix(volumeID: UInt64, bucketID: UInt64, parentID: UInt64) {
        slash(); signedID(volumeID); slash(); signedID(bucketID); slash(); signedID(parentID); slash()
    }

    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, to: &out)
    }

    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes, enough for 20 digits
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[23 - n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                n += 1
            } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(24 - n)...]))
        }
    }

    /// `value` zero-padded to `width` digits.
    static func appendPadded(_ value: UInt64, width: Int, to out: inout [UInt8]) {
        var probe = value
        var digits = 1
        while probe >= 10 { probe /= 10; digits += 1 }
        if digits < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits)) }
        appendUnsigned(value, to: &out)
    }
}
