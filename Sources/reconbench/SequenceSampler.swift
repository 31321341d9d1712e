import Synchronization

/// Polls a sequence number in the background (`read` back to back, at most one call per
/// `interval`) and records every answer with its arrival time on a shared phase clock.
final class SequenceSampler: Sendable {
    private let samples = Mutex<[SequenceSample]>([])
    private let failures = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts polling `read` every `interval`; times are seconds since `origin`.
    init(origin: ContinuousClock.Instant, every interval: Duration,
         _ read: @escaping @Sendable () async throws -> Int64) {
        let task = Task { [self] in await self.poll(origin: origin, every: interval, read) }
        self.task.withLock { $0 = task }
    }

    private func poll(origin: ContinuousClock.Instant, every interval: Duration,
                      _ read: @Sendable () async throws -> Int64) async {
        var next = ContinuousClock.now
        while !Task.isCancelled {
            do {
                let sequence = try await read()
                let time = (ContinuousClock.now - origin).seconds
                samples.withLock { $0.append(SequenceSample(time: time, sequence: sequence)) }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
            next = max(next + interval, ContinuousClock.now)
            try? await Task.sleep(until: next)
        }
    }

    /// The samples so far.
    var current: [SequenceSample] { samples.withLock { $0 } }

    /// Stops polling; returns every sample and the number of failed reads.
    func stop() async -> (samples: [SequenceSample], failures: Int) {
        let running = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        running?.cancel()
        await running?.value
        return (samples.withLock { $0 }, failures.load(ordering: .relaxed))
    }
}
