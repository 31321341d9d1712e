import Foundation

/// One problem found in a configuration file, with the position it was found at.
///
/// The loader reports every problem it finds in a single pass; see ``ConfigErrors``.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as the caller named it (for example `config.yaml`).
    public var file: String
    /// 1-based line of the offending YAML node; 0 when the problem has no position (an unreadable file).
    public var line: Int
    /// 1-based column of the offending YAML node; 0 when the problem has no position.
    public var column: Int
    /// Dotted key path of the offending value, such as `sync.interval` or `plugins[1].path`;
    /// empty for problems with the document itself (syntax errors, a non-mapping top level).
    public var path: String
    /// What was expected and what was found.
    public var message: String

    /// Creates an error at a position.
    /// - Parameters:
    ///   - file: The file name shown to the user.
    ///   - line: 1-based line, or 0 for no position.
    ///   - column: 1-based column, or 0 for no position.
    ///   - path: Dotted key path of the value, or empty.
    ///   - message: What was expected and what was found.
    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// Compiler-style rendering: `config.yaml:12:5: sync.interval: expected a duration …`.
    ///
    /// The position is left out when `line` is 0 and the key path when `path` is empty.
    public var description: String {
        var text = file
        if line > 0 {
            text += ":\(line):\(column)"
        }
        text += ": "
        if !path.isEmpty {
            text += "\(path): "
        }
        return text + message
    }
}

/// Every problem found while loading a configuration file, sorted by position.
///
/// Thrown by ``ReconConfig/load(path:)`` and ``ReconConfig/parse(yaml:file:baseDirectory:)``;
/// never empty when thrown.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The problems, sorted by line then column.
    public var errors: [ConfigError]

    /// Creates the collection, sorting `errors` by line then column (stable for equal positions).
    public init(errors: [ConfigError]) {
        self.errors = errors.enumerated()
            .sorted { lhs, rhs in
                (lhs.element.line, lhs.element.column, lhs.offset)
                    < (rhs.element.line, rhs.element.column, rhs.offset)
            }
            .map(\.element)
    }

    /// One error per line, in order.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// Same as ``description``, so `localizedDescription` shows the real problems.
    public var errorDescription: String? { description }
}
