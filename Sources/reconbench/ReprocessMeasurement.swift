import Foundation

/// Measures one staged reprocess of recond from its trigger to the completed switch:
/// wall time, records, recond's RSS (sampled and VmHWM), bytes written, CPU time and
/// the staged generation's size.
struct ReprocessMeasurement {
    /// recond's API.
    let api: RecondAPI
    /// recond's /proc counters.
    let probe: ProcessProbe
    /// `<data_dir>/tasks`, where generations live.
    let tasksDirectory: String
    /// The raw-scan floor for the ratio, seconds.
    let floorSeconds: Double?

    /// Triggers a manual reprocess (POST reinit) and measures it.
    func triggered(timeout: Duration) async throws -> ReprocessResult {
        try await measure(timeout: timeout) { try await api.triggerReprocess() }
    }

    /// Measures the run that recond starts by itself (the first build after start),
    /// counting the wall time from `since` (Unix ms).
    func startup(since: Double, timeout: Duration) async throws -> ReprocessResult {
        try await measure(since: since, timeout: timeout) {}
    }

    private func measure(
        since explicitStart: Double? = nil, timeout: Duration, trigger: () async throws -> Void
    ) async throws -> ReprocessResult {
        let reset = probe.resetPeakResident()
        let writesBefore = probe.writeBytes
        let cancelledBefore = probe.cancelledWriteBytes
        let cpuBefore = probe.cpuSeconds
        let sampler = ResidentSampler(probe)
        let since = explicitStart ?? unixMillis()
        do {
            try await trigger()
        } catch {
            _ = await sampler.stop()
            throw error
        }
        var lastLine = ContinuousClock.now
        var lastState = ""
        let status: StagingSnapshot
        do {
            status = try await api.waitForCommit(since: since, timeout: timeout) { s in
                let now = ContinuousClock.now
                guard s.state != lastState || now - lastLine >= .seconds(5) else { return }
                lastState = s.state
                lastLine = now
                BenchLog.say("  staging \(s.state): \(s.progress.recordsScanned) records, "
                    + String(format: "%.0f records/s", s.progress.recordsPerSecond)
                    + (probe.residentBytes.map { ", recond RSS \(Format.bytes($0))" } ?? ""))
            }
        } catch {
            _ = await sampler.stop()
            throw error
        }
        let rss = await sampler.stop()
        let wall = (Double(status.finishedAt ?? Int64(unixMillis())) - since) / 1000
        let generation = status.stagedGeneration.map { tasksDirectory + "/" + $0 }
        let result = ReprocessResult(
            trigger: status.trigger ?? "unknown", attempts: status.attempt, wallSeconds: wall,
            finishedAt: status.finishedAt,
            recordsScanned: status.progress.recordsScanned,
            recordsPerSecond: wall > 0 ? Double(status.progress.recordsScanned) / wall : 0,
            scanRecordsPerSecond: status.progress.recordsPerSecond,
            ratioToRawScan: floorSeconds.map { wall / $0 },
            peakRSSBytes: rss.samples > 0 ? rss.peak : nil, rssSamples: rss.samples,
            vmHWMBytes: probe.peakResidentBytes, vmHWMReset: reset,
            writeBytes: counterDelta(probe.writeBytes, writesBefore),
            cancelledWriteBytes: counterDelta(probe.cancelledWriteBytes, cancelledBefore),
            generationBytes: generation.map { DirectorySize.bytes($0) },
            generationApparentBytes: generation.map { DirectorySize.apparentBytes($0) },
            stagedGeneration: status.stagedGeneration,
            cpuSeconds: zip2(probe.cpuSeconds, cpuBefore).map { $0 - $1 },
            switchPauseMillis: status.lastSwitchPauseMillis, bufferHoldMillis: status.lastBufferHoldMillis,
            bufferedBatches: status.buffer.received, phaseMillis: status.timings)
        BenchLog.say("  committed \(result.stagedGeneration ?? "?") in " + String(format: "%.2f s", wall)
            + ": \(result.recordsScanned) records, " + String(format: "%.0f records/s", result.recordsPerSecond)
            + ", peak RSS \(result.peakRSSBytes.map(Format.bytes) ?? "?"), switch pause "
            + (result.switchPauseMillis.map { String(format: "%.1f ms", $0) } ?? "?"))
        return result
    }
}

/// Both values, or nil.
func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// `after - before` for a counter that only grows (0 if it went back), nil if either is unknown.
func counterDelta(_ after: UInt64?, _ before: UInt64?) -> UInt64? {
    zip2(after, before).map { $0 >= $1 ? $0 - $1 : 0 }
}
