import Testing
@testable import ReconCore

/// The folder every test document pretends to live in.
let testBase = "/etc/recon"

/// Where an error was reported: line, column and key path.
struct Spot: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var path: String

    init(_ line: Int, _ column: Int, _ path: String) {
        self.line = line
        self.column = column
        self.path = path
    }

    var description: String { "\(line):\(column) \(path)" }
}

extension ConfigError {
    /// This error's position and path.
    var spot: Spot { Spot(line, column, path) }
}

/// The errors `yaml` produces (empty if it is valid).
func errors(_ yaml: String, file: String = "config.yaml") -> [ConfigError] {
    do {
        _ = try ReconConfig.parse(yaml: yaml, file: file, baseDirectory: testBase)
        return []
    } catch {
        return error.errors
    }
}

/// Parses `yaml`, which must be valid.
func config(_ yaml: String) throws -> ReconConfig {
    try ReconConfig.parse(yaml: yaml, file: "config.yaml", baseDirectory: testBase)
}

/// Expects exactly one error at `spot` whose message is `message` (or contains `containing`).
func expectOneError(
    _ yaml: String,
    at spot: Spot,
    message: String? = nil,
    containing fragments: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = errors(yaml)
    #expect(found.map(\.spot) == [spot], "errors: \(found.map(\.description))", sourceLocation: sourceLocation)
    guard let error = found.first else { return }
    if let message {
        #expect(error.message == message, sourceLocation: sourceLocation)
    }
    for fragment in fragments {
        #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
    }
}
