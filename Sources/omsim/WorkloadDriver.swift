import Foundation
import Logging
import OMSimulator
import Synchronization

/// Drives the simulated OM's workload while serving, one mode at a time:
///
/// - **live**: applies operations at a rate (`--write-rate` at start,
///   `PUT /workload?opsPerSecond=R` later);
/// - **holding**: writes a count of operations as fast as it can but keeps them from
///   readers (`POST /workload/held?operations=N`, ``SimulatedOM/holdOperations(_:progress:)``);
/// - **publishing**: makes the held operations visible in order at a rate
///   (`PUT /workload/held?opsPerSecond=R`), then goes idle.
///
/// Counts the operations made visible (applied live or published) without taking the
/// workload's lock, so `/status` answers at once even while a slice is being written.
final class WorkloadDriver: Sendable {
    /// What the driver is doing.
    enum Mode: String, Sendable {
        case idle, live, holding, publishing
    }

    /// Why a held-operations request was refused.
    enum Refusal: Error, CustomStringConvertible {
        case busy(Mode)
        case nothingHeld

        var description: String {
            switch self {
            case .busy(let mode): "the workload is \(mode.rawValue); stop it first (PUT /workload?opsPerSecond=0)"
            case .nothingHeld: "no operations are held; write some first (POST /workload/held?operations=N)"
            }
        }
    }

    private struct Loop {
        var mode = Mode.idle
        var rate = 0.0
        var task: Task<Void, Never>?
        /// Tells a loop's own end from a later loop's.
        var generation = 0
    }

    private let om: SimulatedOM
    private let logger: Logger
    private let visible = Atomic<Int>(0)
    private let current = Mutex(Loop())

    /// A driver for `om`'s workload, idle.
    init(om: SimulatedOM, logger: Logger) {
        self.om = om
        self.logger = logger
    }

    /// Operations made visible to readers since the driver was created (applied live or
    /// published after a hold).
    var operations: Int { visible.load(ordering: .relaxed) }

    /// The rate being applied or published (0: none).
    var rate: Double { current.withLock { $0.rate } }

    /// What the driver is doing.
    var mode: Mode { current.withLock { $0.mode } }

    /// Stops whatever runs, publishes anything still held at once, and then applies
    /// operations live at `rate` per second (0: stays idle). Returns once the previous
    /// loop has stopped.
    func setRate(_ rate: Double) async {
        await stopLoop()
        let published = om.publishAllHeldOperations()
        if published > 0 {
            visible.add(published, ordering: .relaxed)
            logger.info("published the \(published) operations still held")
        }
        guard rate > 0 else { return }
        start(.live, rate: rate) { driver in await driver.runLive(rate: rate) }
        logger.info("applying \(rate) operations/s")
    }

    /// Stops writing (publishing anything held).
    func stop() async {
        await setRate(0)
    }

    /// Starts writing `count` operations held from readers; refused unless idle.
    func hold(_ count: Int) throws {
        try startIfIdle(.holding, rate: 0) { driver in await driver.runHolding(count) }
        logger.info("writing \(count) operations held from readers")
    }

    /// Starts publishing the held operations at `rate` per second; refused unless idle
    /// with operations held.
    func publish(rate: Double) throws {
        guard om.heldOperations > 0 else { throw Refusal.nothingHeld }
        try startIfIdle(.publishing, rate: rate) { driver in await driver.runPublishing(rate: rate) }
        logger.info("publishing \(om.heldOperations) held operations at \(rate) operations/s")
    }

    // MARK: Loops

    private func start(_ mode: Mode, rate: Double, _ body: @escaping @Sendable (WorkloadDriver) async -> Void) {
        current.withLock { loop in replace(&loop, mode, rate: rate, body) }
    }

    private func startIfIdle(_ mode: Mode, rate: Double, _ body: @escaping @Sendable (WorkloadDriver) async -> Void) throws {
        try current.withLock { loop in
            guard loop.mode == .idle else { throw Refusal.busy(loop.mode) }
            replace(&loop, mode, rate: rate, body)
        }
    }

    private func replace(_ loop: inout Loop, _ mode: Mode, rate: Double, _ body: @escaping @Sendable (WorkloadDriver) async -> Void) {
        let generation = loop.generation + 1
        loop = Loop(mode: mode, rate: rate, task: Task { [self] in
            await body(self)
            self.finished(generation)
        }, generation: generation)
    }

    /// The loop of `generation` ended (by itself or cancelled): the driver is idle unless
    /// a later loop replaced it.
    private func finished(_ generation: Int) {
        current.withLock { loop in
            if loop.generation == generation { loop = Loop(generation: generation) }
        }
    }

    private func stopLoop() async {
        let previous = current.withLock { loop -> Task<Void, Never>? in
            defer { loop = Loop(generation: loop.generation) }
            return loop.task
        }
        previous?.cancel()
        await previous?.value
    }

    /// Paces operations at `rate` per second until cancelled: every tick applies what is
    /// due, in slices of at most 2 ms worth so that one slice never holds the workload
    /// for long. A DB error (closed, say) ends the loop.
    private func runLive(rate: Double) async {
        await paced(rate: rate) { due in
            let count = min(due, max(1, Int(rate / 500)))
            do {
                try om.workload.applyOperations(count: count)
            } catch {
                logger.error("workload stopped: \(error)")
                return (0, false)
            }
            return (count, true)
        }
    }

    /// Writes `count` held operations in slices, yielding between them.
    private func runHolding(_ count: Int) async {
        var written = 0
        var reported = 0
        while written < count, !Task.isCancelled {
            let slice = min(1_024, count - written)
            do {
                try om.holdOperations(slice)
            } catch {
                logger.error("holding operations stopped: \(error)")
                return
            }
            written += slice
            if written - reported >= max(count / 10, 1) || written == count {
                reported = written
                logger.info("held \(written) of \(count) operations")
            }
            await Task.yield()
        }
    }

    /// Publishes held operations at `rate` per second until none are left.
    private func runPublishing(rate: Double) async {
        await paced(rate: rate) { due in
            let published = om.publishHeldOperations(due)
            return (published, om.heldOperations > 0)
        }
        logger.info("published every held operation")
    }

    /// Calls `step` with the operations due at `rate` since the loop started whenever
    /// some are, every 2 ms, until cancelled or `step` says there is no more to do;
    /// `step` returns how many it did (fewer than due: the rest stays due).
    private func paced(rate: Double, _ step: (Int) -> (done: Int, more: Bool)) async {
        let clock = ContinuousClock()
        let start = clock.now
        var done = 0
        while !Task.isCancelled {
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let due = Int(seconds * rate) - done
            if due > 0 {
                let (count, more) = step(due)
                done += count
                visible.add(count, ordering: .relaxed)
                guard more else { return }
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
