import Foundation

/// How the delta-lag phase makes omsim's commits.
enum LagWrites: String, Codable, Sendable, CaseIterable {
    /// omsim writes the window's operations ahead, held from readers, then publishes
    /// them in order at the rate: the OM's own write cost stays out of the measured
    /// window, as it would on a cluster where the OM runs on its own machine.
    case held
    /// omsim writes at the rate during the window, sharing the machine's cores with
    /// recond (it reaches what those cores allow).
    case live
}

/// Phase 3: omsim's commits become visible at a fixed rate for a window (written live,
/// or written ahead and published at the rate, see ``LagWrites``) while the OM's latest
/// sequence and recond's visible sequence (the lowest `lastUpdatedSeqNumber` of the
/// plugins) are sampled; then the writes stop and the samplers run on until recond shows
/// the OM's last sequence.
struct DeltaLagPhase {
    /// omsim's control API.
    let omsim: OMSimAPI
    /// recond's API.
    let recond: RecondAPI
    /// The plugins whose sequences make the visible one.
    let plugins: [String]
    /// Length of the write window.
    let window: Duration
    /// Pause between two samples of each series.
    let sampleInterval: Duration
    /// How the commits are made.
    let writes: LagWrites

    /// Lag growth (seconds per second) above which a rate is not held.
    static let growingSlope = 0.005

    /// Prepares and measures the lag at `rate` operations per second.
    func run(rate: Double) async throws -> DeltaLagResult {
        try await prepare(rate: rate)
        return try await measure(rate: rate)
    }

    /// With held writes: has omsim write the window's operations ahead and waits until
    /// they are all written (nothing to do for live writes).
    func prepare(rate: Double) async throws {
        guard writes == .held else { return }
        let count = Int((rate * window.seconds).rounded())
        BenchLog.say("  omsim writes \(count) operations ahead, held from readers")
        try await omsim.hold(operations: count)
        let started = ContinuousClock.now
        var lastReport = started
        while true {
            try await Task.sleep(for: .milliseconds(200))
            let status = try await omsim.status()
            if status.mode != "holding" {
                guard status.heldOperations == count else {
                    throw BenchError("omsim stopped holding after \(status.heldOperations) of \(count) operations (see omsim.log)")
                }
                BenchLog.say("  \(count) operations held after " + Format.seconds((ContinuousClock.now - started).seconds))
                return
            }
            if ContinuousClock.now - lastReport >= .seconds(10) {
                lastReport = .now
                BenchLog.say("  \(status.heldOperations) of \(count) operations written")
            }
        }
    }

    /// Measures the lag at `rate` operations per second (after ``prepare(rate:)``).
    func measure(rate: Double) async throws -> DeltaLagResult {
        let origin = ContinuousClock.now
        let (omsim, recond, plugins) = (self.omsim, self.recond, self.plugins)
        let omSampler = SequenceSampler(origin: origin, every: sampleInterval) {
            Int64(bitPattern: try await omsim.status().latestSequenceNumber)
        }
        let recondSampler = SequenceSampler(origin: origin, every: sampleInterval) {
            try await recond.visibleSequence(plugins: plugins)
        }
        let before = try await omsim.status()
        let windowStart = (ContinuousClock.now - origin).seconds
        let end: ContinuousClock.Instant
        switch writes {
        case .live:
            try await omsim.setWriteRate(rate)
            end = ContinuousClock.now + window
        case .held:
            try await omsim.publishHeld(rate: rate)
            // Publishing ends by itself; the deadline only bounds a stalled omsim.
            end = ContinuousClock.now + window * 3 + .seconds(30)
        }
        var nextReport = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end {
            try await Task.sleep(for: min(writes == .held ? .milliseconds(50) : .seconds(10), end - ContinuousClock.now))
            if writes == .held, try await omsim.status().heldOperations == 0 { break }
            if ContinuousClock.now >= nextReport {
                nextReport += .seconds(10)
                let om = omSampler.current.last?.sequence ?? 0
                let visible = recondSampler.current.last?.sequence ?? 0
                BenchLog.say("  \(Int(rate)) ops/s: OM at \(om), recond at \(visible) (\(om - visible) behind)")
            }
        }
        try await omsim.setWriteRate(0)
        let after = try await omsim.status()
        let windowEnd = (ContinuousClock.now - origin).seconds
        let drain = try await waitForDrain(
            sequence: Int64(bitPattern: after.latestSequenceNumber), sampler: recondSampler,
            origin: origin, windowEnd: windowEnd, timeout: max(.seconds(30), window))
        let om = await omSampler.stop()
        let visible = await recondSampler.stop()
        let analysis = LagAnalysis(om: om.samples, recond: visible.samples, end: (ContinuousClock.now - origin).seconds)
        let seconds = windowEnd - windowStart
        let achieved = Double(after.operations - before.operations) / seconds
        let slope = analysis.slope(from: windowStart, to: windowEnd)
        let unresolved = analysis.unresolved
        let result = DeltaLagResult(
            requestedRate: rate, writes: writes, achievedRate: achieved, windowSeconds: seconds,
            omSequencesAdvanced: Int64(bitPattern: after.latestSequenceNumber &- before.latestSequenceNumber),
            lagSeconds: analysis.percentiles(from: windowStart, to: windowEnd), lagSlope: slope,
            drainSeconds: drain, unresolved: unresolved, samplerFailures: om.failures + visible.failures,
            held: achieved >= 0.9 * rate && slope < Self.growingSlope && unresolved == 0 && drain != nil)
        BenchLog.say("  \(Int(rate)) ops/s requested, " + String(format: "%.0f achieved", achieved)
            + ": lag p50 " + Format.seconds(result.lagSeconds.p50) + ", p99 " + Format.seconds(result.lagSeconds.p99)
            + ", max " + Format.seconds(result.lagSeconds.max) + String(format: ", slope %.4f s/s", slope)
            + ", drained in " + (drain.map(Format.seconds) ?? "never") + (result.held ? " (held)" : " (not held)"))
        return result
    }

    /// Seconds after `windowEnd` until recond showed `sequence`, or nil after `timeout`.
    private func waitForDrain(
        sequence: Int64, sampler: SequenceSampler, origin: ContinuousClock.Instant, windowEnd: Double, timeout: Duration
    ) async throws -> Double? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let reached = sampler.current.first(where: { $0.sequence >= sequence }) {
                return max(0, reached.time - windowEnd)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
