import Foundation

/// Dedicated threads for the staged reprocess's blocking work (plugin calls, scans,
/// commits, fsyncs). A reprocess blocks its threads for minutes to hours: on the
/// shared ``BlockingExecutor`` queue (as wide as the CPU count on Linux) it would
/// starve the live queries and batches, so it gets threads of its own.
enum StagingThreads {
    /// Stack size of each thread: plugins are C code that may recurse.
    static let stackSize = 8 << 20

    /// Runs `body` on a new thread and returns its result. A `nice` above 0 lowers
    /// that thread's CPU priority (Linux keeps the nice value per thread), so the
    /// rebuild yields the cores to the API and the live sync when they want them.
    static func run<R: Sendable>(
        _ name: String, nice: Int = 0, _ body: @escaping @Sendable () throws -> R
    ) async throws -> R {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                if nice > 0 { lowerPriority(nice) }
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// Runs `body(i)` for `i` in `0..<count`, each on its own thread, and waits for
    /// all of them; throws the first error (after every thread finished: `body`
    /// should watch a shared stop flag to end early).
    static func parallel(
        _ count: Int, _ name: String, nice: Int = 0, _ body: @escaping @Sendable (Int) throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                group.addTask { try await run("\(name)-\(i)", nice: nice) { try body(i) } }
            }
            var first: (any Error)?
            while let result = await group.nextResult() {
                if case .failure(let error) = result, first == nil { first = error }
            }
            if let first { throw first }
        }
    }

    /// Sets the calling thread's nice value (`setpriority(PRIO_PROCESS, 0, …)` names the
    /// calling thread on Linux). Raising it needs no privilege; a failure only leaves
    /// the thread at normal priority.
    private static func lowerPriority(_ nice: Int) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Int32(clamping: nice))
    }
}
