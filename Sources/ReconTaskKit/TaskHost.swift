import CReconTask

/// The host as seen from ``ReconTask/init(host:args:)``: logging, metric registration
/// and the host's identity. Valid only during that call.
public struct TaskHost: CallScope {
    /// The create call's handle on the host.
    public let callContext: CallContext

    init(_ callContext: CallContext) { self.callContext = callContext }

    /// The host's version string, e.g. `"recond 0.1.0"`.
    public var hostVersion: String {
        guard let version = callContext.host.pointee.host_version else { return "" }
        return String(cString: version)
    }

    /// The ABI major version of the host.
    public var abiMajor: Int { Int(callContext.host.pointee.abi_major) }
    /// The ABI minor version of the host.
    public var abiMinor: Int { Int(callContext.host.pointee.abi_minor) }

    /// Registers a counter the host exports as `recon_plugin_<plugin>_<name>`.
    public func counter(_ name: String, help: String) throws -> Counter {
        Counter(id: try register(RECON_METRIC_COUNTER.rawValue, name, help))
    }

    /// Registers a gauge the host exports as `recon_plugin_<plugin>_<name>`.
    public func gauge(_ name: String, help: String) throws -> Gauge {
        Gauge(id: try register(RECON_METRIC_GAUGE.rawValue, name, help))
    }

    private func register(_ kind: UInt32, _ name: String, _ help: String) throws -> UInt32 {
        var id: UInt32 = 0
        let call = callContext
        let status = name.withCString { cName in
            help.withCString { cHelp in
                call.functions.metricRegister(call.ctx, kind, cName, cHelp, &id)
            }
        }
        try call.check(status, "metric_register(\(name))")
        return id
    }
}

/// Everything the host says about this plugin instance at create time. Copied out of
/// the borrowed `recon_init_args`, so it is safe to keep.
public struct InitArgs: Sendable {
    /// The plugin's name, as in the descriptor.
    public let pluginName: String
    /// The plugin's `config:` section from config.yaml, as a JSON object text.
    public let configJSON: String
    /// The absolute path of the loaded library.
    public let pluginPath: String
    /// How many workers ``ReconTask/reprocessBegin(workers:_:)`` will receive.
    public let reprocessWorkers: Int

    /// Creates arguments; the SDK does this from `recon_init_args`, tests may too.
    public init(pluginName: String, configJSON: String, pluginPath: String, reprocessWorkers: Int) {
        self.pluginName = pluginName
        self.configJSON = configJSON
        self.pluginPath = pluginPath
        self.reprocessWorkers = reprocessWorkers
    }

    init(_ args: UnsafePointer<recon_init_args>) {
        let a = args.pointee
        self.init(
            pluginName: String(a.plugin_name), configJSON: String(a.config_json),
            pluginPath: String(a.plugin_path), reprocessWorkers: Int(a.reprocess_workers))
    }

    /// The parsed configuration; an empty configuration is an empty object.
    /// - Throws: ``ReconTaskError/Code/invalid`` when the text is not valid JSON.
    public var config: JSONValue {
        get throws {
            if configJSON.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                return .object([])
            }
            do {
                return try JSONValue(parsing: configJSON)
            } catch {
                throw ReconTaskError.invalid("\(pluginName): config is not valid JSON: \(error)")
            }
        }
    }
}

extension String {
    /// Copies a borrowed `recon_str`.
    init(_ str: recon_str) {
        self = String(BorrowedString(str))
    }
}
