import Logging
import ReconCore
import ReconEmbeddedOM
import ServiceLifecycle

/// Builds the OM source named in the config, with any services it needs running.
enum OMSourceFactory {
    /// A source and the services that keep it alive (the embedded OM's workload).
    struct Made {
        var source: any OMSource
        var services: [any Service]
    }

    static func make(_ config: ReconConfig, logger: Logger) throws -> Made {
        switch config.om.source {
        case .ozoneHTTP:
            return Made(source: try OzoneHTTPSource(config: config.om), services: [])
        case .embedded:
            let embedded = try EmbeddedOM.start(config: config, logger: logger)
            return Made(source: embedded.source, services: [embedded.workload])
        }
    }
}
