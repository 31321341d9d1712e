import Logging
import Yams

/// The schema: one reader per section of `config.yaml`. Each starts from the section's defaults and
/// overrides what the file sets validly; every problem is recorded, none stops the walk.
extension ConfigReader {
    /// Keys allowed at the top level, in documentation order.
    static let topLevelKeys = ["server", "data_dir", "om", "sync", "staging", "storage", "plugins", "logging"]

    /// The message refusing the PostgreSQL backend (kept verbatim: users and tests match on it).
    static let postgresRefusal = "the PostgreSQL SQL backend is not available in this build yet; use backend: sqlite"

    /// Reads the whole document into `config`, which holds the defaults on entry.
    mutating func readDocument(_ root: Node?, into config: inout ReconConfig) {
        guard let root else { return }  // empty file or comments only
        if case .scalar(let scalar) = root, ConfigScalar.classify(scalar) == .null { return }
        guard case .mapping = root else {
            report(ConfigPosition(root.mark), "",
                   "expected a mapping of sections (\(Self.topLevelKeys.joined(separator: ", "))) at the top level, got \(ConfigScalar.describe(root))")
            return
        }
        guard let top = section(root, path: "", keys: Self.topLevelKeys, fallback: ConfigPosition(line: 1, column: 1)) else {
            return
        }
        config.server = readServer(top)
        if let dataDir = string(top, "data_dir") {
            if dataDir.isEmpty {
                report(top.valuePosition("data_dir"), "data_dir", "expected a folder path, got an empty string")
            } else {
                config.dataDirectory = ConfigPaths.absolute(dataDir, base: baseDirectory)
            }
        }
        config.om = readOM(top)
        config.sync = readSync(top)
        config.staging = readStaging(top)
        config.storage = readStorage(top)
        config.plugins = readPlugins(top)
        config.logging = readLogging(top)
    }

    /// A subsection of `parent` under `key`.
    private mutating func subsection(_ parent: ConfigSection, _ key: String, keys: [String]) -> ConfigSection? {
        section(parent.value(key), path: parent.childPath(key), keys: keys, fallback: parent.valuePosition(key))
    }

    /// Reports `key` as missing from `section`.
    private mutating func reportMissing(_ section: ConfigSection, _ key: String, _ hint: String = "") {
        report(section.position, section.childPath(key), "missing required key '\(key)'" + hint)
    }

    // MARK: server

    private mutating func readServer(_ top: ConfigSection) -> ServerConfig {
        var result = ServerConfig.defaults
        guard let server = subsection(top, "server", keys: ["address", "port", "tokens"]) else { return result }
        if let address = string(server, "address") {
            if ConfigValidation.isHost(address) {
                result.address = address
            } else {
                report(server.valuePosition("address"), server.childPath("address"),
                       "expected an IP address or hostname, got \(ConfigScalar.quoted(address))")
            }
        }
        let portRule = ConfigIntRule(allows: (0...65535).contains,
                                     explanation: "must be between 1 and 65535 (or 0 for an ephemeral port)")
        if let port = int(server, "port", portRule) {
            result.port = port
        }
        if let items = list(server, "tokens", itemDescription: "tokens (mappings with token, role and name)") {
            result.tokens = readTokens(items)
        }
        return result
    }

    private mutating func readTokens(_ items: [Node]) -> [APIToken] {
        var tokens: [APIToken] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "server.tokens[\(index)]"
            guard let entry = section(item, path: path, keys: ["token", "role", "name"], fallback: ConfigPosition(item.mark)) else {
                continue
            }
            var token: String?
            if !entry.has("token") {
                reportMissing(entry, "token")
            } else if let text = string(entry, "token") {
                // Never echo the secret itself.
                if text.count < 8 {
                    report(entry.valuePosition("token"), entry.childPath("token"),
                           "expected a token of at least 8 characters, got \(text.count) character\(text.count == 1 ? "" : "s")")
                } else if let previous = seen[text] {
                    report(entry.valuePosition("token"), entry.childPath("token"),
                           "the same token is already listed at server.tokens[\(previous)]")
                } else {
                    seen[text] = index
                    token = text
                }
            }
            var role: APIRole?
            if !entry.has("role") {
                reportMissing(entry, "role", " (admin or read-only)")
            } else {
                role = choice(entry, "role", APIRole.self)
            }
            let name = string(entry, "name")
            if let token, let role {
                tokens.append(APIToken(token: token, role: role, name: name))
            }
        }
        return tokens
    }

    // MARK: om

    private mutating func readOM(_ top: ConfigSection) -> OMSourceConfig {
        var result = OMSourceConfig.defaults
        let keys = ["source", "url", "embedded", "snapshot_max_bytes", "request_timeout"]
        guard let om = subsection(top, "om", keys: keys) else { return result }
        var sourceKnown = true
        if om.has("source") {
            if let source = choice(om, "source", OMSourceKind.self) {
                result.source = source
            } else {
                sourceKnown = false
            }
        }
        if om.has("url") {
            if let url = string(om, "url") {
                if !ConfigValidation.isHTTPURL(url) {
                    report(om.valuePosition("url"), "om.url",
                           "expected an http:// or https:// URL such as http://om-host:9874, got \(ConfigScalar.quoted(url))")
                } else if sourceKnown && result.source == .embedded {
                    report(om.valuePosition("url"), "om.url",
                           "url is only used with source: ozone-http, but source is embedded; remove url or set source: ozone-http")
                } else {
                    result.url = url
                }
            }
        } else if sourceKnown && result.source == .ozoneHTTP {
            report(om.valuePosition("source"), "om.url",
                   "missing required key 'url': source ozone-http needs the OM's HTTP address, such as url: http://om-host:9874")
        }
        if let embedded = subsection(om, "embedded", keys: ["keys", "seed", "write_rate"]) {
            if let keys = int(embedded, "keys", .range(1...100_000_000)) { result.embedded.keys = keys }
            if let seed = int(embedded, "seed", .atLeast(0)) { result.embedded.seed = seed }
            if let rate = number(embedded, "write_rate", minimum: 0) { result.embedded.writeRate = rate }
        }
        if let bytes = size(om, "snapshot_max_bytes", minimum: 1) { result.snapshotMaxBytes = bytes }
        if let timeout = duration(om, "request_timeout", exclusive: true) { result.requestTimeout = timeout }
        return result
    }

    // MARK: sync

    private mutating func readSync(_ top: ConfigSection) -> SyncConfig {
        var result = SyncConfig.defaults
        guard let sync = subsection(top, "sync", keys: ["interval", "delta_limit", "initial_delay"]) else { return result }
        if let interval = duration(sync, "interval", minimum: .milliseconds(100)) { result.interval = interval }
        if let limit = int(sync, "delta_limit", .range(1...10_000_000)) { result.deltaLimit = limit }
        if let delay = duration(sync, "initial_delay") { result.initialDelay = delay }
        return result
    }

    // MARK: staging

    private mutating func readStaging(_ top: ConfigSection) -> StagingConfig {
        var result = StagingConfig.defaults
        let keys = ["enabled", "max_retries", "backoff", "backoff_max", "event_buffer", "workers", "nice"]
        guard let staging = subsection(top, "staging", keys: keys) else { return result }
        if let enabled = bool(staging, "enabled") { result.enabled = enabled }
        if let retries = int(staging, "max_retries", .range(0...100)) { result.maxRetries = retries }
        let backoff = duration(staging, "backoff")
        let backoffMax = duration(staging, "backoff_max")
        if let backoff { result.backoff = backoff }
        if let backoffMax { result.backoffMax = backoffMax }
        let bothReadable = (backoff != nil || !staging.has("backoff")) && (backoffMax != nil || !staging.has("backoff_max"))
        if bothReadable && result.backoffMax < result.backoff {
            let key = staging.has("backoff_max") ? "backoff_max" : "backoff"
            report(staging.valuePosition(key), staging.childPath("backoff_max"),
                   "must be at least backoff (\(ConfigValueSyntax.format(result.backoff))), got \(ConfigValueSyntax.format(result.backoffMax))")
        }
        if let buffer = int(staging, "event_buffer", .range(1...10_000_000)) { result.eventBuffer = buffer }
        if let workers = int(staging, "workers", .range(1...64)) { result.workers = workers }
        if let nice = int(staging, "nice", .range(0...19)) { result.nice = nice }
        return result
    }

    // MARK: storage

    private mutating func readStorage(_ top: ConfigSection) -> StorageConfig {
        var result = StorageConfig.defaults
        guard let storage = subsection(top, "storage", keys: ["kv", "sql"]) else { return result }
        let kvKeys = ["backend", "block_cache", "write_buffer", "max_open_files", "compression", "low_priority_compactions"]
        if let kv = subsection(storage, "kv", keys: kvKeys) {
            if let backend = choice(kv, "backend", KVBackend.self) { result.kv.backend = backend }
            if let bytes = size(kv, "block_cache") { result.kv.blockCache = bytes }
            if let bytes = size(kv, "write_buffer") { result.kv.writeBuffer = bytes }
            let filesRule = ConfigIntRule(allows: { $0 == -1 || (16...1_000_000).contains($0) },
                                          explanation: "must be -1 (unlimited) or between 16 and 1000000")
            if let files = int(kv, "max_open_files", filesRule) { result.kv.maxOpenFiles = files }
            if let compression = choice(kv, "compression", KVCompression.self) { result.kv.compression = compression }
            if let low = bool(kv, "low_priority_compactions") { result.kv.lowPriorityCompactions = low }
        }
        if let sql = subsection(storage, "sql", keys: ["backend", "url", "synchronous"]) {
            readSQLBackend(sql)
            if let synchronous = choice(sql, "synchronous", SQLiteSynchronous.self) { result.sql.synchronous = synchronous }
        }
        return result
    }

    /// Validates `storage.sql.backend` and `storage.sql.url`. SQLite is the only backend of this build,
    /// so the only outcome besides the default is an error: PostgreSQL is refused, never silently ignored.
    private mutating func readSQLBackend(_ sql: ConfigSection) {
        if let node = sql.value("backend") {
            let text: String? = if case .scalar(let scalar) = node, case .string(let value) = ConfigScalar.classify(scalar) {
                value
            } else {
                nil
            }
            switch text {
            case "sqlite":
                break
            case "postgres", "postgresql":
                report(sql.valuePosition("backend"), sql.childPath("backend"), Self.postgresRefusal)
            default:
                report(sql.valuePosition("backend"), sql.childPath("backend"),
                       "expected one of: sqlite, postgres, got \(ConfigScalar.describe(node))")
            }
        }
        if let node = sql.value("url") {
            if case .scalar(let scalar) = node, ConfigScalar.classify(scalar) == .null { return }
            guard let url = string(sql, "url") else { return }
            if ConfigValidation.isPostgresURL(url) {
                report(sql.valuePosition("url"), sql.childPath("url"), Self.postgresRefusal)
            } else if !url.isEmpty {
                report(sql.valuePosition("url"), sql.childPath("url"),
                       "url is only used by the postgres backend, which is not available in this build; remove it or leave it empty")
            }
        }
    }

    // MARK: plugins

    private mutating func readPlugins(_ top: ConfigSection) -> [PluginConfig] {
        guard let items = list(top, "plugins", itemDescription: "plugins (mappings with name, path, enabled and config)") else {
            return []
        }
        var plugins: [PluginConfig] = []
        var seen: [String: (index: Int, line: Int)] = [:]
        for (index, item) in items.enumerated() {
            let path = "plugins[\(index)]"
            let keys = ["name", "path", "enabled", "config"]
            guard let entry = section(item, path: path, keys: keys, fallback: ConfigPosition(item.mark)) else { continue }

            var name: String?
            if !entry.has("name") {
                reportMissing(entry, "name")
            } else if let text = string(entry, "name") {
                if !ConfigValidation.isPluginName(text) {
                    report(entry.valuePosition("name"), entry.childPath("name"),
                           "expected a name of 1 to 64 lowercase letters, digits or _ starting with a letter ([a-z][a-z0-9_]{0,63}), got \(ConfigScalar.quoted(text))")
                } else if let first = seen[text] {
                    report(entry.valuePosition("name"), entry.childPath("name"),
                           "duplicate plugin name '\(text)'; already used by plugins[\(first.index)] at line \(first.line)")
                } else {
                    seen[text] = (index, entry.position.line)
                    name = text
                }
            }

            var libraryPath: String?
            if !entry.has("path") {
                reportMissing(entry, "path", " (the plugin's shared library)")
            } else if let text = string(entry, "path") {
                if text.isEmpty {
                    report(entry.valuePosition("path"), entry.childPath("path"),
                           "expected the path of the plugin's shared library, got an empty string")
                } else {
                    libraryPath = ConfigPaths.absolute(text, base: baseDirectory)
                }
            }

            let enabled = bool(entry, "enabled") ?? true
            let configJSON = readPluginConfig(entry)

            if let name, let libraryPath, let configJSON {
                plugins.append(PluginConfig(name: name, path: libraryPath, enabled: enabled,
                                            configJSON: configJSON, line: entry.position.line))
            }
        }
        return plugins
    }

    /// `config:` of one plugin as a JSON object; absent or empty gives `{}`, a non-mapping is reported (nil).
    private mutating func readPluginConfig(_ entry: ConfigSection) -> String? {
        guard let node = entry.value("config") else { return "{}" }
        switch node {
        case .mapping:
            var json = ""
            appendJSON(node, path: entry.childPath("config"), to: &json)
            return json
        case .scalar(let scalar) where ConfigScalar.classify(scalar) == .null:
            return "{}"
        default:
            report(entry.valuePosition("config"), entry.childPath("config"),
                   "expected a mapping of plugin settings, got \(ConfigScalar.describe(node))")
            return nil
        }
    }

    // MARK: logging

    private mutating func readLogging(_ top: ConfigSection) -> LoggingConfig {
        var result = LoggingConfig.defaults
        guard let logging = subsection(top, "logging", keys: ["level", "format"]) else { return result }
        if let level = choice(logging, "level", Logger.Level.self) { result.level = level }
        if let format = choice(logging, "format", LogFormat.self) { result.format = format }
        return result
    }
}
