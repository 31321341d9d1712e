import CReconTask

/// A value whose bytes can be handed to the host as a borrowed `recon_bytes` (keys,
/// values, prefixes). `[UInt8]`, `ArraySlice<UInt8>`, `String`, `Substring`,
/// `UnsafeRawBufferPointer` and ``BorrowedString`` conform.
public protocol ReconBytesConvertible {
    /// Calls `body` with the bytes, valid only inside `body`.
    func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ReconBytesConvertible where Element == UInt8 {
    /// Calls `body` with the array's bytes.
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ArraySlice: ReconBytesConvertible where Element == UInt8 {
    /// Calls `body` with the slice's bytes.
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension String: ReconBytesConvertible {
    /// Calls `body` with the string's UTF-8 bytes (no NUL terminator).
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}

extension Substring: ReconBytesConvertible {
    /// Calls `body` with the substring's UTF-8 bytes (no NUL terminator).
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}

extension UnsafeRawBufferPointer: ReconBytesConvertible {
    /// Calls `body` with the buffer itself.
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(self)
    }
}

extension BorrowedString: ReconBytesConvertible {
    /// Calls `body` with the string's UTF-8 bytes.
    public func withReconBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(utf8)
    }
}

extension UnsafeRawBufferPointer {
    /// The buffer as a borrowed `recon_bytes`.
    var recon: recon_bytes {
        recon_bytes(ptr: baseAddress?.assumingMemoryBound(to: UInt8.self), len: count)
    }

    /// Views a borrowed `recon_bytes`.
    init(_ bytes: recon_bytes) {
        self.init(start: bytes.ptr, count: bytes.ptr == nil ? 0 : bytes.len)
    }
}

extension ReconBytesConvertible {
    /// Calls `body` with the bytes as a `recon_str` (for OM table names).
    func withReconStr<R>(_ body: (recon_str) throws -> R) rethrows -> R {
        try withReconBytes {
            try body(recon_str(ptr: $0.baseAddress?.assumingMemoryBound(to: CChar.self), len: $0.count))
        }
    }
}

/// Little-endian integer encoding, the usual choice for values in key/value tables.
public enum LittleEndian {
    /// The bytes of `value`, least significant first.
    public static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// Decodes an integer of type `T` from exactly `MemoryLayout<T>.size` bytes;
    /// `nil` when the length differs.
    public static func decode<T: FixedWidthInteger>(
        _ type: T.Type, from bytes: some Collection<UInt8>
    ) -> T? {
        guard bytes.count == MemoryLayout<T>.size else { return nil }
        var value: T = 0
        for (shift, byte) in bytes.enumerated() {
            value |= T(truncatingIfNeeded: byte) << (shift * 8)
        }
        return value
    }
}
