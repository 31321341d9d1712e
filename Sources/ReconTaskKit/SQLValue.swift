import CReconTask

/// An SQL parameter or result value. Literals convert: `[1, "PUT", 2.5, nil]`.
public enum SQLValue: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral
{
    /// SQL NULL.
    case null
    /// A 64-bit integer.
    case int(Int64)
    /// A double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case blob([UInt8])

    /// An integer value.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A real value.
    public init(floatLiteral value: Double) { self = .real(value) }
    /// A text value.
    public init(stringLiteral value: String) { self = .text(value) }
    /// NULL.
    public init(nilLiteral: ()) { self = .null }
    /// 1 for `true`, 0 for `false`.
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }
    /// An integer value.
    public init(_ value: some BinaryInteger) { self = .int(Int64(truncatingIfNeeded: value)) }

    /// The integer (a real is truncated), or `nil`.
    public var intValue: Int64? {
        switch self {
        case .int(let v): v
        case .real(let v): Int64(exactly: v.rounded(.towardZero))
        default: nil
        }
    }
    /// The number as a double, or `nil`.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }
    /// The text (a blob decoded as UTF-8), or `nil`.
    public var stringValue: String? {
        switch self {
        case .text(let v): v
        case .blob(let v): String(decoding: v, as: UTF8.self)
        default: nil
        }
    }
    /// The bytes of a blob or text, or `nil`.
    public var bytesValue: [UInt8]? {
        switch self {
        case .blob(let v): v
        case .text(let v): Array(v.utf8)
        default: nil
        }
    }
    /// Whether the value is NULL.
    public var isNull: Bool { self == .null }

    /// Copies a borrowed `recon_sql_value`.
    init(_ v: recon_sql_value) {
        switch v.type {
        case RECON_SQL_INT.rawValue: self = .int(v.i)
        case RECON_SQL_REAL.rawValue: self = .real(v.d)
        case RECON_SQL_TEXT.rawValue: self = .text(String(decoding: UnsafeRawBufferPointer(v.bytes), as: UTF8.self))
        case RECON_SQL_BLOB.rawValue: self = .blob(Array(UnsafeRawBufferPointer(v.bytes)))
        default: self = .null
        }
    }
}

/// One borrowed result row: its columns in `SELECT` order. Valid only during the row
/// callback; the typed accessors read without copying more than they return.
public struct SQLRow: RandomAccessCollection {
    /// The raw columns.
    public let raw: UnsafeBufferPointer<recon_sql_value>

    init(_ raw: UnsafeBufferPointer<recon_sql_value>) { self.raw = raw }

    /// The first index, 0.
    public var startIndex: Int { 0 }
    /// The number of columns.
    public var endIndex: Int { raw.count }
    /// A copy of the column at `position`.
    public subscript(position: Int) -> SQLValue { SQLValue(raw[position]) }

    /// The integer in column `i`, or `nil` when it is not an integer.
    public func int(_ i: Int) -> Int64? {
        guard i < raw.count, raw[i].type == RECON_SQL_INT.rawValue else { return nil }
        return raw[i].i
    }
    /// The number in column `i` as a double, or `nil`.
    public func double(_ i: Int) -> Double? {
        guard i < raw.count else { return nil }
        return SQLValue(raw[i]).doubleValue
    }
    /// A copy of the text in column `i`, or `nil` when it is not text.
    public func text(_ i: Int) -> String? {
        guard i < raw.count, raw[i].type == RECON_SQL_TEXT.rawValue else { return nil }
        return String(decoding: UnsafeRawBufferPointer(raw[i].bytes), as: UTF8.self)
    }
    /// The borrowed bytes of text or a blob in column `i`, or `nil`.
    public func bytes(_ i: Int) -> UnsafeRawBufferPointer? {
        guard i < raw.count,
              raw[i].type == RECON_SQL_TEXT.rawValue || raw[i].type == RECON_SQL_BLOB.rawValue
        else { return nil }
        return UnsafeRawBufferPointer(raw[i].bytes)
    }
    /// Whether column `i` is NULL (or missing).
    public func isNull(_ i: Int) -> Bool {
        i >= raw.count || raw[i].type == RECON_SQL_NULL.rawValue
    }
}
