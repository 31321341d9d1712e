import ReconCore
import ServiceLifecycle

/// Runs the OM sync loop (and the staged reprocesses it starts) as a lifecycle
/// service; a graceful shutdown cancels the loop after the batch in flight commits,
/// then cancels and awaits a running reprocess, so no plugin call outlives the kernel.
struct RuntimeService: Service {
    let runtime: ReconRuntime

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runtime.run()
        }
        await runtime.stop()
    }
}
