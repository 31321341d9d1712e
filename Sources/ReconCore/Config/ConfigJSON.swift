import Yams

/// JSON text: a free-form YAML subtree (a plugin's `config:`) as JSON, and the string
/// quoting the kernel also uses for hand-built answers.
enum ConfigJSON {
    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension ConfigReader {
    /// Appends `node` as JSON to `out`, deterministically: mapping keys in document order,
    /// integers and floats as numbers, `true`/`false` as booleans, empty/`null` as null,
    /// everything else (including quoted scalars and non-finite floats) as strings.
    /// Non-scalar mapping keys are reported and skipped.
    mutating func appendJSON(_ node: Node, path: String, to out: inout String) {
        switch node {
        case .mapping(let mapping):
            out += "{"
            var first = true
            for (keyNode, value) in mapping {
                guard case .scalar(let key) = keyNode else {
                    report(ConfigPosition(keyNode.mark), path,
                           "expected a key name, got \(ConfigScalar.describe(keyNode)) as a key")
                    continue
                }
                if !first { out += "," }
                first = false
                out += ConfigJSON.quote(key.string) + ":"
                appendJSON(value, path: path + "." + key.string, to: &out)
            }
            out += "}"
        case .sequence(let sequence):
            out += "["
            for (index, item) in sequence.enumerated() {
                if index > 0 { out += "," }
                appendJSON(item, path: "\(path)[\(index)]", to: &out)
            }
            out += "]"
        case .scalar(let scalar):
            switch ConfigScalar.classify(scalar) {
            case .null: out += "null"
            case .bool(let value): out += value ? "true" : "false"
            case .int(let value): out += String(value)
            case .bigInt(let digits): out += digits
            case .float(let value): out += value.isFinite ? "\(value)" : ConfigJSON.quote(scalar.string)
            case .string(let text): out += ConfigJSON.quote(text)
            }
        case .alias:
            out += "null"
        }
    }
}
