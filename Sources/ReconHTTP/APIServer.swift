import Hummingbird
import Logging
import NIOCore
import Prometheus
import ReconCore

/// The HTTP front of recond: health, readiness, Prometheus metrics, Recon's REST API
/// under `/api/v1`, and every plugin's routes mounted there too.
public enum APIServer {
    /// Where Recon's API lives.
    public static let apiPrefix = "/api/v1"

    /// Builds the HTTP application (a swift-service-lifecycle `Service`).
    /// - Parameters:
    ///   - kernel: the running kernel the API reads from.
    ///   - runtime: the sync engine and staged reprocessor around it, when running.
    ///   - metrics: the registry behind `/metrics`; nil serves an empty exposition.
    ///   - onRunning: called with the bound port once the server listens (port 0 picks one).
    public static func makeApplication(
        kernel: ReconKernel, runtime: ReconRuntime? = nil, metrics: PrometheusCollectorRegistry?, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let adminRoutes = kernel.pluginRoutes.filter(\.route.adminOnly).map {
            RoutePattern(method: $0.route.method, path: $0.route.path)
        }
        router.add(middleware: AuthMiddleware(tokens: kernel.config.server.tokens, policy: .recon, adminRoutes: adminRoutes))
        CoreRoutes(kernel: kernel, runtime: runtime, metrics: metrics).register(on: router)
        if let runtime { RuntimeRoutes(runtime: runtime).register(on: router) }
        PluginRoutes(kernel: kernel, logger: logger).register(on: router)
        let server = kernel.config.server
        return Application(
            router: router,
            configuration: .init(address: .hostname(server.address, port: server.port), serverName: "recond"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? server.port) },
            logger: logger)
    }
}
