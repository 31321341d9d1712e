import Foundation
import Yams

/// The daemon's whole configuration, loaded from `config.yaml` and validated.
///
/// Every key of the file is optional except where noted in the schema; missing keys take the
/// defaults of each section's `defaults`. Paths are stored absolute, resolved against the folder of
/// the config file. Loading reports all problems at once as ``ConfigErrors``.
public struct ReconConfig: Sendable, Equatable {
    /// HTTP server: bind address, port and API tokens (`server:`).
    public var server: ServerConfig
    /// Absolute folder for all state: OM snapshot copy, task generations, SQL database (`data_dir:`).
    public var dataDirectory: String
    /// Where OM metadata comes from (`om:`).
    public var om: OMSourceConfig
    /// How often and how much to pull from the OM (`sync:`).
    public var sync: SyncConfig
    /// Staged reprocessing and its retry policy (`staging:`).
    public var staging: StagingConfig
    /// Key-value and SQL stores (`storage:`).
    public var storage: StorageConfig
    /// Task plugins to load, in file order (`plugins:`).
    public var plugins: [PluginConfig]
    /// Log level and format (`logging:`).
    public var logging: LoggingConfig
    /// Absolute path of the file this configuration was loaded from.
    public var configFile: String

    /// Creates a configuration; every section defaults to its documented defaults.
    /// - Parameters:
    ///   - dataDirectory: Absolute data folder.
    ///   - configFile: Absolute path of the config file (informational).
    public init(
        server: ServerConfig = .defaults,
        dataDirectory: String,
        om: OMSourceConfig = .defaults,
        sync: SyncConfig = .defaults,
        staging: StagingConfig = .defaults,
        storage: StorageConfig = .defaults,
        plugins: [PluginConfig] = [],
        logging: LoggingConfig = .defaults,
        configFile: String
    ) {
        self.server = server
        self.dataDirectory = dataDirectory
        self.om = om
        self.sync = sync
        self.staging = staging
        self.storage = storage
        self.plugins = plugins
        self.logging = logging
        self.configFile = configFile
    }

    /// The configuration an empty `config.yaml` in `baseDirectory` gives: all defaults, no plugins,
    /// `dataDirectory` = `<baseDirectory>/data`, `configFile` = `<baseDirectory>/config.yaml`.
    /// A relative `baseDirectory` is resolved against the current directory.
    public static func `default`(baseDirectory: String) -> ReconConfig {
        let base = ConfigPaths.absolute(".", base: baseDirectory)
        return ReconConfig(
            dataDirectory: ConfigPaths.absolute("data", base: base),
            configFile: ConfigPaths.absolute("config.yaml", base: base)
        )
    }

    /// Reads and validates the YAML file at `path` (relative to the current directory if not absolute).
    ///
    /// Relative paths inside the file resolve against the file's folder. Errors name `path` as given.
    /// - Throws: ``ConfigErrors`` listing every problem, sorted by position; an unreadable file gives one
    ///   error with line 0.
    public static func load(path: String) throws(ConfigErrors) -> ReconConfig {
        let absolutePath = ConfigPaths.absolute(path, base: ConfigPaths.currentDirectory)
        func failure(_ message: String) -> ConfigErrors {
            ConfigErrors(errors: [ConfigError(file: path, line: 0, column: 0, path: "", message: message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isDirectory) else {
            throw failure("cannot read the configuration file: no such file (looked for \(absolutePath))")
        }
        if isDirectory.boolValue {
            throw failure("cannot read the configuration file: \(absolutePath) is a directory")
        }
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            throw failure("cannot read the configuration file \(absolutePath) (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("the configuration file is not valid UTF-8 text")
        }
        var config = try parse(yaml: text, file: path, baseDirectory: ConfigPaths.directory(of: absolutePath))
        config.configFile = absolutePath
        return config
    }

    /// Validates YAML text.
    /// - Parameters:
    ///   - yaml: The document.
    ///   - file: The name used in error messages (and, made absolute against `baseDirectory`, as `configFile`).
    ///   - baseDirectory: The folder relative paths resolve against (normally the config file's folder);
    ///     itself resolved against the current directory when relative.
    /// - Throws: ``ConfigErrors`` listing every problem, sorted by position.
    public static func parse(yaml: String, file: String, baseDirectory: String) throws(ConfigErrors) -> ReconConfig {
        let base = ConfigPaths.absolute(".", base: baseDirectory)
        var config = ReconConfig.default(baseDirectory: base)
        config.configFile = file.hasPrefix("/")
            ? ConfigPaths.normalize(file)
            : ConfigPaths.absolute(ConfigPaths.lastComponent(of: file), base: base)

        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch {
            throw ConfigErrors(errors: [ConfigSyntax.error(from: error, file: file, yaml: yaml)])
        }
        var reader = ConfigReader(file: file, baseDirectory: base)
        reader.readDocument(root, into: &config)
        if !reader.errors.isEmpty {
            throw ConfigErrors(errors: reader.errors)
        }
        return config
    }
}
