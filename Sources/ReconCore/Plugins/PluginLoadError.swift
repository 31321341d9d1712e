/// Why a plugin library was refused. Every refusal names the plugin, the file and the
/// reason in one line, before anything else starts.
public struct PluginLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plugin's name as written in the config file.
    public var plugin: String
    /// The library's absolute path.
    public var path: String
    /// What was wrong, in one line.
    public var reason: String

    /// Creates a refusal.
    public init(plugin: String, path: String, reason: String) {
        self.plugin = plugin
        self.path = path
        self.reason = reason
    }

    /// `plugin 'name' (path): reason`
    public var description: String { "plugin '\(plugin)' (\(path)): \(reason)" }
}

/// Every refusal found while loading the configured plugins.
public struct PluginLoadErrors: Error, Sendable, CustomStringConvertible {
    /// The refusals, in config order.
    public var errors: [PluginLoadError]

    /// One refusal per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
