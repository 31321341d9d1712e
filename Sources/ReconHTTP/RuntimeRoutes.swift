import Hummingbird
import ReconCore

/// Endpoints of the running service beyond the kernel: Recon's OM sync triggers, the
/// staged reprocess state, and the sync status.
struct RuntimeRoutes {
    let runtime: ReconRuntime

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group(RouterPath(APIServer.apiPrefix))
        // Recon: `true` if a sync was scheduled now, `false` if one is already running.
        api.get("/triggerdbsync/om") { _, _ in
            try JSONResponse.encode(runtime.triggerSync())
        }
        // Recon (post-2.2.0): 202 ACCEPTED when a full rebuild of every task was queued,
        // 409 RETRY when it cannot be now.
        api.post("/triggerdbsync/om/reinit") { _, _ in
            switch runtime.requestReprocess(.manual) {
            case .accepted(let message):
                return try JSONResponse.encode(ReprocessAnswer(status: "ACCEPTED", message: message), status: .accepted)
            case .retry(let message):
                return try JSONResponse.encode(ReprocessAnswer(status: "RETRY", message: message), status: .conflict)
            }
        }
        api.get("/staging") { _, _ in
            try JSONResponse.encode(runtime.staging.status())
        }
        api.get("/sync/status") { _, _ in
            try JSONResponse.encode(runtime.sync.status)
        }
    }

    private struct ReprocessAnswer: Encodable {
        var status: String
        var message: String
    }
}
