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

        let kernel: ReconKernel
        do {
            kernel = try ReconKernel.start(config: settings, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            printError("recond: cannot start:\n\(error)")
            throw ExitCode(1)
        }
        let app = APIServer.makeApplication(kernel: kernel, metrics: registry, logger: logger) { port in
            logger.info("serving on http://\(settings.server.address):\(port)")
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            kernel.shutdown()
            throw error
        }
        kernel.shutdown()
    }
}
