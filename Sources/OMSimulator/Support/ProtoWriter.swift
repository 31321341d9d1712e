/// A minimal protobuf (proto2) encoder into a reusable byte buffer: fields are appended in
/// the order written (write them in field-number order, as Java does), nested messages get
/// their length patched in when they end. No allocation once the buffer has grown.
struct ProtoWriter {
    /// The encoded bytes.
    var bytes: [UInt8] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its capacity.
    @inline(__always)
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    mutating func tag(_ field: UInt32, _ wireType: UInt8) {
        varint(UInt64(field) << 3 | UInt64(wireType))
    }

    /// A `uint64`/`uint32`/`bool`/enum field (enums and `int64` as two's complement).
    @inline(__always)
    mutating func uint(_ field: UInt32, _ value: UInt64) {
        tag(field, 0)
        varint(value)
    }

    /// An `int64`/`int32`/enum field: negative values take ten bytes (no zig-zag).
    @inline(__always)
    mutating func int(_ field: UInt32, _ value: Int64) {
        uint(field, UInt64(bitPattern: value))
    }

    @inline(__always)
    mutating func bool(_ field: UInt32, _ value: Bool) {
        uint(field, value ? 1 : 0)
    }

    /// A `string`/`bytes` field.
    @inline(__always)
    mutating func bytes(_ field: UInt32, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string`/`bytes` field from a slice of a larger buffer.
    @inline(__always)
    mutating func bytes(_ field: UInt32, _ value: ArraySlice<UInt8>) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field.
    @inline(__always)
    mutating func string(_ field: UInt32, _ value: String) {
        var v = value
        v.withUTF8 { utf8 in
            tag(field, 2)
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Starts a nested message field; pass the result to ``end(_:)``.
    @inline(__always)
    mutating func begin(_ field: UInt32) -> Int {
        tag(field, 2)
        bytes.append(0)
        return bytes.count
    }

    /// Ends a nested message: writes its length where ``begin(_:)`` left room, moving the
    /// body when the length needs more than one byte.
    @inline(__always)
    mutating func end(_ start: Int) {
        let length = bytes.count - start
        if length < 0x80 {
            bytes[start - 1] = UInt8(length)
            return
        }
        var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
        var n = 0
        var v = UInt64(length)
        withUnsafeMutableBytes(of: &prefix) { p in
            while v >= 0x80 {
                p[n] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                n += 1
            }
            p[n] = UInt8(truncatingIfNeeded: v)
            n += 1
        }
        let extra = n - 1
        bytes.append(contentsOf: repeatElement(0, count: extra))
        bytes.withUnsafeMutableBytes { buffer in
            let base = buffer.baseAddress!
            (base + start + extra).copyMemory(from: base + start, byteCount: length)
            withUnsafeBytes(of: prefix) { p in
                (base + start - 1).copyMemory(from: p.baseAddress!, byteCount: n)
            }
        }
    }
}

extension ProtoWriter {
    /// Appends bytes that are already encoded fields (a cached ACL list, for one).
    @inline(__always)
    mutating func raw(_ encoded: [UInt8]) {
        bytes.append(contentsOf: encoded)
    }
}
