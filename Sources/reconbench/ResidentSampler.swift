import Synchronization

/// Samples a process's `VmRSS` at a fixed interval in the background and keeps the peak.
final class ResidentSampler: Sendable {
    private let probe: ProcessProbe
    private let state = Mutex<(peak: UInt64, samples: Int)>((0, 0))
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts sampling `probe` every `interval`.
    init(_ probe: ProcessProbe, every interval: Duration = .milliseconds(50)) {
        self.probe = probe
        let task = Task { [self] in await self.sample(every: interval) }
        self.task.withLock { $0 = task }
    }

    private func sample(every interval: Duration) async {
        while !Task.isCancelled {
            if let rss = probe.residentBytes {
                state.withLock { s in
                    s.peak = max(s.peak, rss)
                    s.samples += 1
                }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Stops sampling; returns the peak and the number of samples.
    func stop() async -> (peak: UInt64, samples: Int) {
        let running = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        running?.cancel()
        await running?.value
        return state.withLock { $0 }
    }
}
