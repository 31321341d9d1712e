import Dispatch

/// Runs blocking work (plugin calls, storage commits) off the Swift concurrency
/// pool, so a slow plugin never starves the HTTP server's async tasks.
enum BlockingExecutor {
    private static let queue = DispatchQueue(label: "recond.blocking", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on a blocking-work thread and returns its result.
    static func run<R: Sendable>(_ body: @escaping @Sendable () throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
