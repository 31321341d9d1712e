import Yams

/// The typed value of a YAML scalar under the loader's rules.
///
/// The rules are YAML 1.2 "core schema"-like and deliberately stricter than Yams' YAML 1.1
/// resolver: only `true`/`false` are booleans (`yes`, `no`, `on`, `off` stay strings),
/// integers with leading zeros are decimal, and quoted scalars are always strings.
enum ConfigScalarValue: Equatable {
    /// `~`, `null`, or an empty plain scalar.
    case null
    /// `true`/`false` in plain style (any of the three spellings YAML allows).
    case bool(Bool)
    /// A plain integer (decimal, `0x`, `0o` or `0b`, `_` separators allowed) that fits in `Int`.
    case int(Int)
    /// A plain integer that does not fit in `Int`; the payload is the canonical decimal digits.
    case bigInt(String)
    /// A plain floating-point number, including `.inf` and `.nan`.
    case float(Double)
    /// Anything else, and every quoted or block scalar.
    case string(String)
}

/// Classification and description of YAML nodes.
enum ConfigScalar {
    private static let stringTag = Tag.Name.str.rawValue
    private static let coreTags: Set<String> = [
        Tag.Name.int.rawValue, Tag.Name.float.rawValue, Tag.Name.bool.rawValue, Tag.Name.null.rawValue,
    ]

    /// Classifies a scalar by style, explicit tag and text.
    static func classify(_ scalar: Node.Scalar) -> ConfigScalarValue {
        let tag = scalar.tag.rawValue
        if tag == stringTag || tag == Tag.Name.nonSpecific.rawValue {
            return .string(scalar.string)
        }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted, .literal, .folded:
            if !coreTags.contains(tag) { return .string(scalar.string) }
        case .any, .plain:
            break
        }
        if !tag.isEmpty && !coreTags.contains(tag) {
            return .string(scalar.string)
        }
        return classifyPlain(scalar.string)
    }

    /// Classifies the text of a plain (unquoted, untagged) scalar.
    static func classifyPlain(_ text: String) -> ConfigScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if let integer = parseInteger(text) {
            return integer
        }
        if isFloat(text), let value = Double(text.filter { $0 != "_" }) {
            return .float(value)
        }
        return .string(text)
    }

    /// Parses YAML integer syntax; nil if `text` is not an integer.
    private static func parseInteger(_ text: String) -> ConfigScalarValue? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        var radix = 10
        if body.count > 2, body.first == "0", let marker = body.dropFirst().first {
            switch marker {
            case "x": radix = 16
            case "o": radix = 8
            case "b": radix = 2
            default: break
            }
            if radix != 10 { body = body.dropFirst(2) }
        }
        guard let first = body.first, first != "_" else { return nil }
        let digits = body.filter { $0 != "_" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else {
            return nil
        }
        if let magnitude = UInt64(digits, radix: radix) {
            if negative {
                if magnitude <= UInt64(Int.max) + 1 {
                    return .int(magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude))
                }
            } else if magnitude <= UInt64(Int.max) {
                return .int(Int(magnitude))
            }
        }
        // Too large for Int: keep decimal digits exactly (only representable for base 10).
        guard radix == 10 else { return .bigInt((negative ? "-" : "") + digits) }
        var canonical = String(digits.drop { $0 == "0" })
        if canonical.isEmpty { canonical = "0" }
        return .bigInt((negative ? "-" : "") + canonical)
    }

    /// True for YAML float syntax: `[-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?`
    /// containing a `.` or an exponent.
    private static func isFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if let first = chars.first, first == "+" || first == "-" { chars = chars.dropFirst() }
        var mantissaDigits = 0
        var sawDot = false
        var sawExponent = false
        while let c = chars.first {
            if c.isASCII, c.isNumber {
                mantissaDigits += 1
            } else if c == "_" && mantissaDigits > 0 {
                // separator
            } else if c == "." && !sawDot {
                sawDot = true
            } else {
                break
            }
            chars = chars.dropFirst()
        }
        guard mantissaDigits > 0 else { return false }
        if let e = chars.first, e == "e" || e == "E" {
            sawExponent = true
            chars = chars.dropFirst()
            if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
            guard !chars.isEmpty, chars.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            chars = chars.dropLast(chars.count)
        }
        return chars.isEmpty && (sawDot || sawExponent)
    }

    /// A short description of a node for "got …" in messages: quoted text for strings,
    /// raw text for other scalars, "an empty value", "a mapping" or "a list".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch classify(scalar) {
            case .null: return "an empty value"
            case .string(let text): return quoted(text)
            case .bool, .int, .bigInt, .float: return scalar.string
            }
        }
    }

    /// `text` in double quotes with quotes, backslashes and control characters escaped, cut at 80 characters.
    static func quoted(_ text: String) -> String {
        let limit = 80
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        var out = "\""
        for scalar in shown.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
