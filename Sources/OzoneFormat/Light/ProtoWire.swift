/// Why a light decoder rejected a protobuf message.
public enum ProtoLightError: Error, Sendable, Hashable {
    /// A field runs past the end of its message.
    case truncated(offset: Int)
    /// A varint longer than 10 bytes.
    case malformedVarint(offset: Int)
    /// Field number 0 or above 2^29−1, or wire type 6 or 7.
    case invalidTag(offset: Int)
    /// An end-group without its start-group, or groups nested too deep.
    case unbalancedGroup(offset: Int)
}

/// A protobuf wire-format cursor over borrowed bytes, used by the light decoders and by
/// the kernel's zero-copy record views.
public struct ProtoWire {
    public static let varint: UInt8 = 0
    public static let fixed64: UInt8 = 1
    public static let lengthDelimited: UInt8 = 2
    public static let startGroup: UInt8 = 3
    public static let endGroup: UInt8 = 4
    public static let fixed32: UInt8 = 5

    /// The whole buffer.
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    public var position: Int
    /// Offset just past the message.
    public let end: Int

    /// A cursor over `range` of `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether the message is fully read.
    public var isAtEnd: Bool { position >= end }

    /// Reads a varint (up to 10 bytes; bits beyond 64 are dropped, as protobuf decoders do).
    /// Inlined into the decoders: most varints (tags, small sizes) are one byte.
    @inlinable @inline(__always)
    public mutating func readVarint() throws(ProtoLightError) -> UInt64 {
        if position < end {
            let byte = bytes[position]
            if byte < 0x80 {
                position += 1
                return UInt64(byte)
            }
        }
        return try readLongVarint()
    }

    /// Reads a varint of any length.
    @usableFromInline
    mutating func readLongVarint() throws(ProtoLightError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift >= 70 { throw .malformedVarint(offset: start) }
        }
        throw .truncated(offset: start)
    }

    /// Reads the next tag; nil at the end of the message.
    @inlinable
    public mutating func readTag() throws(ProtoLightError) -> (field: UInt32, wireType: UInt8)? {
        guard position < end else { return nil }
        let start = position
        let key = try readVarint()
        let field = key >> 3
        let wireType = UInt8(truncatingIfNeeded: key & 7)
        guard field > 0, field < (1 << 29), wireType <= 5 else { throw .invalidTag(offset: start) }
        return (UInt32(field), wireType)
    }

    /// Reads a length prefix and returns the range of the payload.
    @inlinable
    public mutating func readLengthDelimited() throws(ProtoLightError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw .truncated(offset: start) }
        let lower = position
        position += Int(length)
        return lower..<position
    }

    /// Reads a string field (invalid UTF-8 is repaired, never rejected).
    public mutating func readString() throws(ProtoLightError) -> String {
        let range = try readLengthDelimited()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Skips the payload of a field whose tag was just read.
    public mutating func skip(wireType: UInt8, field: UInt32, depth: Int = 0) throws(ProtoLightError) {
        let start = position
        switch wireType {
        case Self.varint:
            _ = try readVarint()
        case Self.fixed64:
            guard end - position >= 8 else { throw .truncated(offset: start) }
            position += 8
        case Self.lengthDelimited:
            _ = try readLengthDelimited()
        case Self.fixed32:
            guard end - position >= 4 else { throw .truncated(offset: start) }
            position += 4
        case Self.startGroup:
            guard depth < 64 else { throw .unbalancedGroup(offset: start) }
            while true {
                guard let tag = try readTag() else { throw .truncated(offset: start) }
                if tag.wireType == Self.endGroup {
                    guard tag.field == field else { throw .unbalancedGroup(offset: start) }
                    return
                }
                try skip(wireType: tag.wireType, field: tag.field, depth: depth + 1)
            }
        default:
            throw .unbalancedGroup(offset: start)
        }
    }
}
