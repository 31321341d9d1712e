import Foundation
import Logging
import OMSimulator
import Synchronization

/// Applies the simulated OM's workload at a rate that can change while serving
/// (`--write-rate` at start, `PUT /workload?opsPerSecond=R` later), and counts the
/// operations applied without taking the workload's lock, so `/status` answers at once
/// even while a slice of operations is being written.
final class WorkloadDriver: Sendable {
    private let om: SimulatedOM
    private let logger: Logger
    private let applied = Atomic<Int>(0)
    private let current = Mutex<(rate: Double, task: Task<Void, Never>?)>((0, nil))

    /// A driver for `om`'s workload, not writing yet.
    init(om: SimulatedOM, logger: Logger) {
        self.om = om
        self.logger = logger
    }

    /// Operations applied since the driver was created.
    var operations: Int { applied.load(ordering: .relaxed) }

    /// The rate being applied (0: none).
    var rate: Double { current.withLock { $0.rate } }

    /// Replaces the running loop with one at `rate` operations per second (0 stops writing);
    /// returns once the previous loop has stopped.
    func setRate(_ rate: Double) async {
        let previous = current.withLock { state -> Task<Void, Never>? in
            let old = state.task
            state = (rate, nil)
            return old
        }
        previous?.cancel()
        await previous?.value
        guard rate > 0 else { return }
        let task = Task { [self] in await self.run(rate: rate) }
        current.withLock { $0.task = task }
        logger.info("applying \(rate) operations/s")
    }

    /// Stops writing.
    func stop() async {
        await setRate(0)
    }

    /// Paces operations at `rate` per second until cancelled: every tick applies what is
    /// due, in slices of at most 2 ms worth so that one slice never holds the workload
    /// for long. A DB error (closed, say) ends the loop.
    private func run(rate: Double) async {
        let clock = ContinuousClock()
        let start = clock.now
        let slice = max(1, Int(rate / 500))
        var done = 0
        while !Task.isCancelled {
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let due = Int(seconds * rate) - done
            if due > 0 {
                let count = min(due, slice)
                do {
                    try om.workload.applyOperations(count: count)
                } catch {
                    logger.error("workload stopped: \(error)")
                    return
                }
                done += count
                applied.add(count, ordering: .relaxed)
                if count < due { continue }
            }
            do {
                try await Task.sleep(for: .milliseconds(2))
            } catch {
                return
            }
        }
    }
}
