import ArgumentParser
import Logging
import Metrics
import Prometheus
import ReconCore
import ReconHTTP
import ServiceLifecycle

/// `recond run --config FILE`: runs the daemon until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon until SIGTERM or SIGINT.")

    @Option(name: .long, help: "The config file.")
    var config: String = "config.yaml"

    func run() async throws {
        let settings: ReconConfig
        do {
            settings = try ReconConfig.load(path: config)
        } catch {
            for e in error.errors { printError(e.description) }
            throw ExitCode(2)
        }
        LogBootstrap.bootstrap(settings.logging)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "recond")
        logger.info("recond \(ReconVersion.current) starting with \(settings.configFile)")

        let runtime: ReconRuntime
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        do {
            let source = try OMSourceFactory.make(settings, logger: logger)
            runtime = try ReconRuntime.start(config: settings, source: source.source, logger: logger)
            services += source.services.map { .init(service: $0) }
        } catch {
            logger.critical("cannot start: \(error)")
            printError("recond: cannot start:\n\(error)")
            throw ExitCode(1)
        }
        let app = APIServer.makeApplication(kernel: runtime.kernel, runtime: runtime, metrics: registry, logger: logger) { port in
            logger.info("serving on http://\(settings.server.address):\(port)")
        }
        // Started in order, stopped in reverse: the HTTP server stops first, then the sync
        // loop finishes its batch, then the embedded OM (if any) stops writing.
        services += [.init(service: RuntimeService(runtime: runtime)), .init(service: app)]
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            runtime.kernel.shutdown()
            throw error
        }
        runtime.kernel.shutdown()
    }
}
