/// One task plugin to load (`plugins[]`).
public struct PluginConfig: Sendable, Equatable {
    /// Unique plugin name, matching `[a-z][a-z0-9_]{0,63}`.
    public var name: String
    /// Absolute path of the shared library (relative paths in YAML are resolved against the config file's folder).
    public var path: String
    /// Whether the plugin is loaded. Default true.
    public var enabled: Bool
    /// The plugin's free-form `config:` mapping as a JSON object string, keys in document order. Default `{}`.
    public var configJSON: String
    /// 1-based line of this plugin entry in the config file, for loader messages (0 if built in code).
    public var line: Int

    /// Creates a plugin entry.
    public init(name: String, path: String, enabled: Bool = true, configJSON: String = "{}", line: Int = 0) {
        self.name = name
        self.path = path
        self.enabled = enabled
        self.configJSON = configJSON
        self.line = line
    }
}
