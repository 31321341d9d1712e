import CReconTask
import Logging
import Metrics
import Synchronization

/// Host-side state of one loaded plugin that every call shares: its checked
/// descriptor, its logger and its registered metrics.
final class PluginRuntime: Sendable {
    let info: PluginDescriptorInfo
    let logger: Logger
    private let metrics = Mutex<[PluginMetric]>([])

    init(info: PluginDescriptorInfo, logger: Logger) {
        self.info = info
        var logger = logger
        logger[metadataKey: "plugin"] = .string(info.name)
        self.logger = logger
    }

    /// Registers a metric and returns its id. Registering the same name twice returns the same id.
    func registerMetric(kind: UInt32, name: String, help: String) throws(HostCallError) -> UInt32 {
        guard PluginName.isValidTable(name) else {
            throw HostCallError(RECON_ERR_INVALID, "metric name '\(name)' is not valid: use [a-z0-9_]{1,64}")
        }
        let label = "recon_plugin_\(info.name)_\(name)"
        return try metrics.withLock { list throws(HostCallError) -> UInt32 in
            if let index = list.firstIndex(where: { $0.label == label }) { return UInt32(index) }
            switch kind {
            case RECON_METRIC_COUNTER.rawValue:
                list.append(PluginMetric(label: label, kind: .counter(Counter(label: label))))
            case RECON_METRIC_GAUGE.rawValue:
                list.append(PluginMetric(label: label, kind: .gauge(Gauge(label: label))))
            default:
                throw HostCallError(RECON_ERR_INVALID, "unknown metric kind \(kind)")
            }
            return UInt32(list.count - 1)
        }
    }

    /// Adds to a counter or sets a gauge; unknown ids are ignored with a warning.
    func recordMetric(id: UInt32, value: Double) {
        let metric = metrics.withLock { list in Int(id) < list.count ? list[Int(id)] : nil }
        switch metric?.kind {
        case .counter(let c): if value > 0 { c.increment(by: Int64(value)) }
        case .gauge(let g): g.record(value)
        case nil: logger.warning("metric_record with unknown metric id \(id)")
        }
    }
}

private struct PluginMetric: Sendable {
    enum Kind: Sendable {
        case counter(Counter)
        case gauge(Gauge)
    }
    var label: String
    var kind: Kind
}
