import Yams

/// A 1-based line and column in the config file (0:0 when unknown).
struct ConfigPosition: Equatable {
    /// 1-based line.
    var line: Int
    /// 1-based column.
    var column: Int

    /// The position of a Yams mark, or 0:0 when the node has none.
    init(_ mark: Mark?) {
        line = mark?.line ?? 0
        column = mark?.column ?? 0
    }

    /// An explicit position.
    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A YAML mapping whose keys were checked against the keys a schema section allows.
struct ConfigSection {
    /// Dotted path of the mapping itself ("" for the document root).
    let path: String
    /// Where the mapping starts, or where it would have been (its key) when absent or empty.
    let position: ConfigPosition
    /// The allowed keys that are present, with the key's position and the value node.
    private(set) var entries: [String: (key: ConfigPosition, value: Node)] = [:]

    /// An empty section (absent or null in the file).
    init(path: String, position: ConfigPosition) {
        self.path = path
        self.position = position
    }

    /// Records an allowed key.
    mutating func add(_ key: String, at keyPosition: ConfigPosition, value: Node) {
        entries[key] = (keyPosition, value)
    }

    /// Dotted path of a key in this section.
    func childPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// The value of `key`, or nil when absent.
    func value(_ key: String) -> Node? {
        entries[key]?.value
    }

    /// Whether `key` is present (even with an empty value).
    func has(_ key: String) -> Bool {
        entries[key] != nil
    }

    /// Where to report a problem with the value of `key`: the value itself, or the key when the value is
    /// empty (libyaml places empty values at the next token, which may be on another line) or absent.
    func valuePosition(_ key: String) -> ConfigPosition {
        guard let entry = entries[key] else { return position }
        if case .scalar(let scalar) = entry.value, scalar.string.isEmpty, ConfigScalar.classify(scalar) == .null {
            return entry.key
        }
        let position = ConfigPosition(entry.value.mark)
        return position.line > 0 ? position : entry.key
    }
}

/// A rule an integer setting must satisfy, with the text that explains it.
struct ConfigIntRule {
    /// True when the value is allowed.
    let allows: (Int) -> Bool
    /// The explanation, such as "must be between 1 and 65535".
    let explanation: String

    /// lower...upper inclusive.
    static func range(_ range: ClosedRange<Int>) -> ConfigIntRule {
        ConfigIntRule(allows: range.contains, explanation: "must be between \(range.lowerBound) and \(range.upperBound)")
    }

    /// lower or more.
    static func atLeast(_ lower: Int) -> ConfigIntRule {
        ConfigIntRule(allows: { $0 >= lower }, explanation: "must be \(lower) or greater")
    }
}

/// Walks a composed YAML tree against the schema, collecting every problem instead of stopping at the first.
struct ConfigReader {
    /// The file name used in errors.
    let file: String
    /// Absolute folder that relative paths are resolved against.
    let baseDirectory: String
    /// Problems found so far, in discovery order.
    private(set) var errors: [ConfigError] = []

    /// Creates a reader for one file.
    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// Records a problem.
    mutating func report(_ position: ConfigPosition, _ path: String, _ message: String) {
        errors.append(ConfigError(file: file, line: position.line, column: position.column, path: path, message: message))
    }

    // MARK: Structure

    /// Checks that `node` is a mapping whose keys are all in `keys`.
    ///
    /// Absent or empty (`server:` with nothing under it) gives an empty section; any other non-mapping
    /// value is reported and gives nil. Unknown and non-scalar keys are reported and skipped.
    mutating func section(
        _ node: Node?, path: String, keys: [String], fallback: ConfigPosition
    ) -> ConfigSection? {
        guard let node else { return ConfigSection(path: path, position: fallback) }
        switch node {
        case .scalar(let scalar) where ConfigScalar.classify(scalar) == .null:
            return ConfigSection(path: path, position: fallback)
        case .mapping(let mapping):
            var section = ConfigSection(path: path, position: ConfigPosition(node.mark))
            for (keyNode, value) in mapping {
                let keyPosition = ConfigPosition(keyNode.mark)
                guard case .scalar(let keyScalar) = keyNode else {
                    report(keyPosition, path, "expected a key name, got \(ConfigScalar.describe(keyNode)) as a key")
                    continue
                }
                let key = keyScalar.string
                if keys.contains(key) {
                    section.add(key, at: keyPosition, value: value)
                } else {
                    report(keyPosition, section.childPath(key),
                           "unknown key '\(key)'; expected one of: \(keys.joined(separator: ", "))")
                }
            }
            return section
        default:
            let position = ConfigPosition(node.mark)
            report(position.line > 0 ? position : fallback, path,
                   "expected a mapping with keys \(keys.joined(separator: ", ")), got \(ConfigScalar.describe(node))")
            return nil
        }
    }

    /// The items of a list value; absent or empty gives `[]`, any other non-list is reported and gives nil.
    mutating func list(_ section: ConfigSection, _ key: String, itemDescription: String) -> [Node]? {
        guard let node = section.value(key) else { return [] }
        switch node {
        case .sequence(let sequence):
            return Array(sequence)
        case .scalar(let scalar) where ConfigScalar.classify(scalar) == .null:
            return []
        default:
            report(section.valuePosition(key), section.childPath(key),
                   "expected a list of \(itemDescription), got \(ConfigScalar.describe(node))")
            return nil
        }
    }

    // MARK: Scalars

    /// A text value. Numbers are accepted as their text; booleans, empty values, mappings and lists are reported.
    mutating func string(_ section: ConfigSection, _ key: String) -> String? {
        guard let node = section.value(key) else { return nil }
        if case .scalar(let scalar) = node {
            switch ConfigScalar.classify(scalar) {
            case .string(let text):
                return text
            case .int, .bigInt, .float:
                return scalar.string
            case .bool:
                report(section.valuePosition(key), section.childPath(key),
                       "expected a string, got \(scalar.string) (quote it to use it as text)")
                return nil
            case .null:
                break
            }
        }
        report(section.valuePosition(key), section.childPath(key), "expected a string, got \(ConfigScalar.describe(node))")
        return nil
    }

    /// An integer value satisfying `rule`.
    mutating func int(_ section: ConfigSection, _ key: String, _ rule: ConfigIntRule) -> Int? {
        guard let node = section.value(key) else { return nil }
        let position = section.valuePosition(key)
        let path = section.childPath(key)
        guard case .scalar(let scalar) = node else {
            report(position, path, "expected an integer, got \(ConfigScalar.describe(node))")
            return nil
        }
        switch ConfigScalar.classify(scalar) {
        case .int(let value):
            if rule.allows(value) { return value }
            report(position, path, "\(rule.explanation), got \(value)")
        case .bigInt(let digits):
            report(position, path, "\(rule.explanation), got \(digits)")
        case .string(let text) where ConfigScalar.classifyPlain(text).isNumber:
            report(position, path, "expected an integer, got \(ConfigScalar.quoted(text)) (a quoted string; remove the quotes)")
        default:
            report(position, path, "expected an integer, got \(ConfigScalar.describe(node))")
        }
        return nil
    }

    /// A finite number (integer or decimal) of at least `minimum`.
    mutating func number(_ section: ConfigSection, _ key: String, minimum: Double) -> Double? {
        guard let node = section.value(key) else { return nil }
        let position = section.valuePosition(key)
        let path = section.childPath(key)
        var value: Double?
        if case .scalar(let scalar) = node {
            switch ConfigScalar.classify(scalar) {
            case .int(let integer): value = Double(integer)
            case .bigInt(let digits): value = Double(digits)
            case .float(let float): value = float
            default: break
            }
        }
        guard let value, value.isFinite else {
            report(position, path, "expected a number, got \(ConfigScalar.describe(node))")
            return nil
        }
        guard value >= minimum else {
            report(position, path, "must be \(ConfigReader.plain(minimum)) or greater, got \(ConfigReader.plain(value))")
            return nil
        }
        return value
    }

    /// A YAML boolean: `true` or `false` only.
    mutating func bool(_ section: ConfigSection, _ key: String) -> Bool? {
        guard let node = section.value(key) else { return nil }
        if case .scalar(let scalar) = node {
            switch ConfigScalar.classify(scalar) {
            case .bool(let value):
                return value
            case .string(let text) where ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()):
                report(section.valuePosition(key), section.childPath(key),
                       "expected true or false, got \(ConfigScalar.quoted(text)) (only true and false are booleans here)")
                return nil
            default:
                break
            }
        }
        report(section.valuePosition(key), section.childPath(key),
               "expected true or false, got \(ConfigScalar.describe(node))")
        return nil
    }

    /// A duration such as `250ms`, `5s`, `1.5m` or `2h`, at least `minimum` (or strictly more when `exclusive`).
    mutating func duration(
        _ section: ConfigSection, _ key: String, minimum: Duration = .zero, exclusive: Bool = false
    ) -> Duration? {
        guard let node = section.value(key) else { return nil }
        let position = section.valuePosition(key)
        let path = section.childPath(key)
        let expected = "expected a duration such as 5s, 1m or 250ms"
        guard case .scalar(let scalar) = node else {
            report(position, path, "\(expected), got \(ConfigScalar.describe(node))")
            return nil
        }
        switch ConfigScalar.classify(scalar) {
        case .int, .bigInt, .float:
            report(position, path, "\(expected), got \(scalar.string); add a unit (ms, s, m or h)")
            return nil
        case .string(let text):
            switch ConfigValueSyntax.parseDuration(text) {
            case .value(let duration):
                if exclusive ? duration > minimum : duration >= minimum { return duration }
                let bound = ConfigValueSyntax.format(minimum)
                report(position, path,
                       (exclusive ? "must be greater than \(bound)" : "must be at least \(bound)")
                           + ", got \(ConfigValueSyntax.format(duration))")
            case .missingUnit:
                report(position, path, "\(expected), got \(ConfigScalar.quoted(text)); add a unit (ms, s, m or h)")
            case .tooLarge:
                report(position, path, "duration \(ConfigScalar.quoted(text)) is too large")
            case .invalid:
                report(position, path, "\(expected), got \(ConfigScalar.quoted(text))")
            }
        case .null, .bool:
            report(position, path, "\(expected), got \(ConfigScalar.describe(node))")
        }
        return nil
    }

    /// A byte size such as `512MiB`, `64GiB`, `10MB` or a bare number of bytes, at least `minimum`.
    mutating func size(_ section: ConfigSection, _ key: String, minimum: UInt64 = 0) -> UInt64? {
        guard let node = section.value(key) else { return nil }
        let position = section.valuePosition(key)
        let path = section.childPath(key)
        let expected = "expected a size such as 512MiB, 64GiB or a number of bytes"
        guard case .scalar(let scalar) = node else {
            report(position, path, "\(expected), got \(ConfigScalar.describe(node))")
            return nil
        }
        var bytes: UInt64?
        switch ConfigScalar.classify(scalar) {
        case .int(let value) where value >= 0:
            bytes = UInt64(value)
        case .bigInt(let digits) where !digits.hasPrefix("-"):
            report(position, path, "size \(digits) is too large")
            return nil
        case .string(let text):
            switch ConfigValueSyntax.parseSize(text) {
            case .value(let value):
                bytes = value
            case .fractional:
                report(position, path, "\(expected), got \(ConfigScalar.quoted(text)); sizes are whole numbers (write 1536MiB, not 1.5GiB)")
                return nil
            case .tooLarge:
                report(position, path, "size \(ConfigScalar.quoted(text)) is too large")
                return nil
            case .invalid:
                report(position, path, "\(expected) (units: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB), got \(ConfigScalar.quoted(text))")
                return nil
            }
        default:
            break
        }
        guard let bytes else {
            report(position, path, "\(expected), got \(ConfigScalar.describe(node))")
            return nil
        }
        guard bytes >= minimum else {
            report(position, path, "must be at least \(ConfigValueSyntax.format(bytes: minimum)), got \(ConfigValueSyntax.format(bytes: bytes))")
            return nil
        }
        return bytes
    }

    /// One of an enumeration's raw values.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ section: ConfigSection, _ key: String, _ type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let node = section.value(key) else { return nil }
        if case .scalar(let scalar) = node, case .string(let text) = ConfigScalar.classify(scalar),
           let value = Choice(rawValue: text) {
            return value
        }
        let options = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        report(section.valuePosition(key), section.childPath(key),
               "expected one of: \(options), got \(ConfigScalar.describe(node))")
        return nil
    }

    /// `value` without a trailing `.0` when it is whole.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension ConfigScalarValue {
    /// True for integers and floats.
    var isNumber: Bool {
        switch self {
        case .int, .bigInt, .float: return true
        case .null, .bool, .string: return false
        }
    }
}
