import Logging

/// The logging section (`logging:`).
public struct LoggingConfig: Sendable, Equatable {
    /// Lowest level logged: trace, debug, info, notice, warning, error or critical. Default `info`.
    public var level: Logger.Level
    /// Line format of log output. Default ``LogFormat/text``.
    public var format: LogFormat

    /// Creates a logging section; every argument defaults to the documented default.
    public init(level: Logger.Level = .info, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }

    /// The built-in defaults: `info`, text.
    public static let defaults = LoggingConfig()
}

/// Log line format (`logging.format`).
public enum LogFormat: String, Sendable, Equatable, CaseIterable {
    /// Human-readable lines (`text`).
    case text = "text"
    /// One JSON object per line (`json`).
    case json = "json"
}
