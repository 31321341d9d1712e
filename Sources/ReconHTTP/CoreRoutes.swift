import Hummingbird
import NIOCore
import Prometheus
import ReconCore

/// Endpoints the kernel itself answers: health, readiness, metrics, task status, and
/// the web console page.
struct CoreRoutes {
    let kernel: ReconKernel
    let runtime: ReconRuntime?
    let metrics: PrometheusCollectorRegistry?

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            try JSONResponse.encode(["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            let ready = kernel.readiness()
            return try JSONResponse.encode(ready, status: ready.ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            metrics?.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        for path in ["/", "/console"] {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: ConsolePage.html)))
            }
        }
        let api = router.group(RouterPath(APIServer.apiPrefix))
        api.get("/task/status") { _, _ in
            try JSONResponse.encode(runtime?.taskStatus() ?? kernel.taskStatus())
        }
    }
}
