/// The number of a task storage generation; its directory is `gen-%012d`.
public struct GenerationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The generation number (1, 2, ...).
    public let value: UInt64

    /// The generation numbered `value`.
    public init(_ value: UInt64) { self.value = value }

    /// Parses a directory name such as "gen-000000000003"; nil for anything else.
    public init?(directoryName: some StringProtocol) {
        guard directoryName.hasPrefix("gen-") else { return nil }
        let digits = directoryName.dropFirst(4)
        guard digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let v = UInt64(digits) else { return nil }
        value = v
    }

    /// The directory name, e.g. "gen-000000000003".
    public var directoryName: String {
        let digits = String(value)
        return "gen-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The same as ``directoryName``.
    public var description: String { directoryName }

    /// Orders by number.
    public static func < (a: GenerationID, b: GenerationID) -> Bool { a.value < b.value }
}
