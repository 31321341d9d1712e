import Foundation
import Synchronization

/// The children still running, so they can be stopped whatever way the bench ends.
enum ChildRegistry {
    private static let running = Mutex<[Process]>([])
    /// The signal sources, kept alive for the whole run; written once, by the main task.
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// Tracks `process`.
    static func add(_ process: Process) {
        running.withLock { $0.append(process) }
    }

    /// `signal` (SIGTERM by default) to `process`, SIGKILL after `timeout`; blocks until
    /// it has exited.
    static func terminate(_ process: Process, signal: Int32 = SIGTERM, timeout: Duration) {
        running.withLock { $0.removeAll { $0 === process } }
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Stops every child still running (newest first).
    static func terminateAll() {
        let processes = running.withLock { $0 }
        for process in processes.reversed() { terminate(process, timeout: .seconds(10)) }
    }

    /// On SIGINT, SIGTERM or SIGHUP: stop every child, then exit with 128 + the signal.
    static func installSignalHandlers() {
        signalSources = [SIGINT, SIGTERM, SIGHUP].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("reconbench: signal \(number), stopping the child processes\n".utf8))
                terminateAll()
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }
}
