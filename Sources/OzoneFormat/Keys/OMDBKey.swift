/// A typed OM table key with an exact byte encoding (om-db-format.md §4).
///
/// Conformers parse from borrowed bytes and append their encoding to a byte array; both
/// directions avoid Foundation and return nil (never trap) on malformed input.
public protocol OMDBKey: Sendable, Hashable, CustomStringConvertible {
    /// Parses the key bytes; nil when they are not in this key's format.
    init?(parsing bytes: UnsafeRawBufferPointer)
    /// Appends the exact key bytes to `out`.
    func append(to out: inout [UInt8])
}

extension OMDBKey {
    /// Parses key bytes from any byte sequence (an array, `String.utf8`, `Data`).
    public init?(parsing bytes: some Sequence<UInt8>) {
        guard let parsed = KeyBytes.withBytes(bytes, { Self(parsing: $0) }) else { return nil }
        self = parsed
    }

    /// Parses a key given as a string.
    public init?(_ string: String) {
        self.init(parsing: string.utf8)
    }

    /// The exact key bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    /// The key as a string (every key but `OMMultipartPartKey` is valid UTF-8 when its names are).
    public var description: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
