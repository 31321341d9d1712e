import Foundation

/// One SQL parameter or result column, as plugins exchange them with the host
/// (the Swift side of `recon_sql_value`).
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer.
    case int(Int64)
    /// A double-precision float.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
}

extension SQLValue: CustomStringConvertible {
    /// A short rendering for logs and test failures.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .int(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return "'\(s)'"
        case .blob(let b): return "x'\(b.map { String(format: "%02x", $0) }.joined())'"
        }
    }
}
