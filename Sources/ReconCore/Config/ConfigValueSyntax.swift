/// Parsing and formatting of the config file's duration and size notations.
enum ConfigValueSyntax {
    // MARK: Durations

    /// The result of reading a duration such as `250ms`, `5s`, `1.5m` or `2h`.
    enum DurationResult: Equatable {
        /// A valid duration.
        case value(Duration)
        /// A number without a unit.
        case missingUnit
        /// Too large to represent (more than about 292 years).
        case tooLarge
        /// Not a duration at all.
        case invalid
    }

    /// Nanoseconds per duration unit, in the order units are listed to users.
    static let durationUnits: [(name: String, nanoseconds: Int64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Reads `<integer or decimal><unit>` with unit `ms`, `s`, `m` or `h`; spaces around the unit are allowed.
    static func parseDuration(_ text: String) -> DurationResult {
        let trimmed = trim(Substring(text))
        let numberPart = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = trim(trimmed.dropFirst(numberPart.count))
        guard let number = ConfigDecimalNumber(numberPart) else { return .invalid }
        if unit.isEmpty { return .missingUnit }
        guard let scale = durationUnits.first(where: { $0.name == unit })?.nanoseconds else { return .invalid }
        guard let whole = Int64(number.integerDigits) else { return .tooLarge }
        let (wholeNanos, overflow) = whole.multipliedReportingOverflow(by: scale)
        if overflow { return .tooLarge }
        var fractionNanos: Int64 = 0
        if !number.fractionDigits.isEmpty, let fraction = Double("0." + number.fractionDigits) {
            fractionNanos = Int64((fraction * Double(scale)).rounded())
        }
        let (total, overflow2) = wholeNanos.addingReportingOverflow(fractionNanos)
        if overflow2 { return .tooLarge }
        return .value(.nanoseconds(total))
    }

    /// Whole nanoseconds of a non-negative duration (saturating).
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (wholeNanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return wholeNanos &+ attoseconds / 1_000_000_000
    }

    /// Compact rendering in the largest unit that divides the duration exactly: `2h`, `5m`, `5s`, `250ms`,
    /// else decimal seconds (`1.0005s`).
    static func format(_ duration: Duration) -> String {
        let nanos = nanoseconds(duration)
        if nanos == 0 { return "0s" }
        for unit in durationUnits.reversed() where nanos % unit.nanoseconds == 0 {
            return "\(nanos / unit.nanoseconds)\(unit.name)"
        }
        return "\(Double(nanos) / 1e9)s"
    }

    // MARK: Sizes

    /// The result of reading a size such as `512MiB`, `64GiB` or `1048576`.
    enum SizeResult: Equatable {
        /// A valid size in bytes.
        case value(UInt64)
        /// A number with a fractional part (sizes are whole numbers of a unit).
        case fractional
        /// Larger than 2^64-1 bytes.
        case tooLarge
        /// Not a size at all.
        case invalid
    }

    /// Bytes per size unit, in the order units are listed to users.
    static let sizeUnits: [(name: String, bytes: UInt64)] = [
        ("B", 1),
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
    ]

    /// Reads `<integer>[unit]` with unit `B`, `KiB`…`TiB` (powers of 1024) or `KB`…`TB` (powers of 1000);
    /// no unit means bytes.
    static func parseSize(_ text: String) -> SizeResult {
        let trimmed = trim(Substring(text))
        let numberPart = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = trim(trimmed.dropFirst(numberPart.count))
        guard let number = ConfigDecimalNumber(numberPart) else { return .invalid }
        let scale: UInt64
        if unit.isEmpty {
            scale = 1
        } else if let found = sizeUnits.first(where: { $0.name == unit }) {
            scale = found.bytes
        } else {
            return .invalid
        }
        if !number.fractionDigits.isEmpty { return .fractional }
        guard let whole = UInt64(number.integerDigits) else { return .tooLarge }
        let (bytes, overflow) = whole.multipliedReportingOverflow(by: scale)
        return overflow ? .tooLarge : .value(bytes)
    }

    /// Compact rendering in the largest binary unit that divides the size exactly (`64GiB`, `1000B`).
    static func format(bytes: UInt64) -> String {
        if bytes == 0 { return "0B" }
        for unit in sizeUnits[0...4].reversed() where bytes % unit.bytes == 0 {
            return "\(bytes / unit.bytes)\(unit.name)"
        }
        return "\(bytes)B"
    }
}

/// An unsigned decimal number split into its digit strings: `12.50` → ("12", "50").
private struct ConfigDecimalNumber {
    /// Digits before the point (never empty).
    var integerDigits: String
    /// Digits after the point (empty when there is no point).
    var fractionDigits: String

    /// Nil unless `text` is `digits` or `digits.digits`.
    init?(_ text: Substring) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        integerDigits = String(first)
        fractionDigits = ""
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fractionDigits = String(parts[1])
        }
    }
}

extension ConfigValueSyntax {
    /// `text` without leading and trailing spaces and tabs.
    static func trim(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text.lastIndex { !isSpace($0) }.map { text.index(after: $0) } ?? start
        return text[start..<end]
    }
}
