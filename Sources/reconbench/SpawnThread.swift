import Foundation
import Synchronization

/// One thread that lives as long as the bench and starts every child process, with no
/// signal blocked.
///
/// `setpriv --pdeathsig KILL` asks the kernel to kill the child when its parent *thread*
/// exits, not the process. Concurrency and Dispatch worker threads come and go, so a
/// child started from one of them would be killed when that worker retires; started from
/// this thread, which never exits, it dies exactly when the bench does.
final class SpawnThread: Sendable {
    /// The bench's spawner.
    static let shared = SpawnThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            // Children inherit the spawning thread's signal mask, and this thread inherits
            // its creator's (a Dispatch worker blocks nearly every signal): unblock them all
            // so that children can be stopped with SIGTERM and SIGINT.
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            while true {
                ready.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
        thread.name = "reconbench-spawner"
        thread.start()
    }

    /// Runs `body` on the spawner thread and returns its result (blocking the caller).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        jobs.withLock { $0.append {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        } }
        ready.signal()
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
