import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error:
/// `{"ts":"…","level":"info","label":"recond","msg":"…", …metadata}`.
public struct JSONLogHandler: LogHandler {
    /// Metadata attached to every message.
    public var metadata: Logger.Metadata = [:]
    /// Messages below this level are dropped.
    public var logLevel: Logger.Level
    private let label: String

    /// Creates a handler for `label` at `level`.
    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    /// Gets or sets one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "ts": Date().formatted(.iso8601), "level": event.level.rawValue, "label": label, "msg": "\(event.message)",
        ]
        if let error = event.error { fields["error"] = "\(error)" }
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[k] = "\(v)"
        }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}

/// Installs the process-wide log handler chosen in the config. Call once, first thing.
public enum LogBootstrap {
    /// Bootstraps swift-log with `config`'s level and format.
    public static func bootstrap(_ config: LoggingConfig) {
        LoggingSystem.bootstrap { label in
            switch config.format {
            case .json:
                return JSONLogHandler(label: label, level: config.level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = config.level
                return handler
            }
        }
    }
}
