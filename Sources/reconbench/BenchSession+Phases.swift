import Foundation

/// Phases 2–4 against the running omsim and recond.
extension BenchSession {
    /// Phase 2: manual staged reprocesses with no API load and no OM writes
    /// (`--repeats` of them; the figures are the median run's).
    func measureReprocess() async throws {
        BenchLog.phase("phase 2: full staged reprocess (manual trigger, no load, \(options.repeats) run(s))")
        for _ in 0..<options.repeats {
            try await waitForCatchUp()
            let run = try await measurement().triggered(timeout: reprocessTimeout)
            BenchLog.say("  run \(results.reprocessRepeats.count + 1): \(Format.seconds(run.wallSeconds)), "
                + "\(Format.count(run.recordsPerSecond)) records/s")
            results.reprocessRepeats.append(run)
        }
        results.reprocess = Percentiles.median(of: results.reprocessRepeats, by: \.wallSeconds)
    }

    /// Phase 4: the plugin routes under a fixed concurrency during a staged reprocess,
    /// with omsim writing at the staging write rate.
    func measureAPIDuringStaging() async throws {
        BenchLog.phase("phase 4: API during a staged reprocess (\(options.apiConcurrency) clients, "
            + "omsim writing \(Int(options.stagingWriteRate)) ops/s)")
        guard let recondAPI else { throw BenchError("recond is not running") }
        for path in apiPaths {
            let answer = try await recondAPI.http.send(path)
            let text = String(decoding: answer.body.prefix(160), as: UTF8.self)
            BenchLog.say("  before staging: GET \(path) → \(answer.status) \(text)")
            if answer.status != 200 { note("before staging, \(path) answered \(answer.status): \(text)") }
        }
        let result = try await loadAPIDuringStaging()
        results.apiDuringStaging = result
        for route in result.routes {
            BenchLog.say("  \(route.path): \(route.requests) requests, p50 \(Format.millis(route.latencyMillis.p50)), "
                + "p99 \(Format.millis(route.latencyMillis.p99)), max \(Format.millis(route.latencyMillis.max)); "
                + "\(route.empty) empty, \(route.failed) failed \(route.statusCounts)")
        }
    }

    /// Triggers a staged reprocess with omsim writing at the staging write rate and the
    /// API clients running, and returns what they saw.
    func loadAPIDuringStaging() async throws -> APILoadResult {
        guard let recondAPI, let omsimAPI else { throw BenchError("recond or omsim is not running") }
        try await waitForCatchUp()
        if options.stagingWriteRate > 0 { try await omsimAPI.setWriteRate(options.stagingWriteRate) }
        let load = APILoad(
            http: recondAPI.http, paths: apiPaths, concurrency: options.apiConcurrency,
            think: .milliseconds(options.apiThinkMillis))
        let measurement = try measurement()
        let timeout = reprocessTimeout
        let result: APILoadResult
        do {
            result = try await load.during { try await measurement.triggered(timeout: timeout) }
        } catch {
            try? await omsimAPI.setWriteRate(0)
            throw error
        }
        try await omsimAPI.setWriteRate(0)
        return result
    }

    /// The routes loaded during staging: the first bucket's namespace usage and the file-size counts.
    var apiPaths: [String] {
        let bucket = bucketPath.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/"
        return ["/api/v1/namespace/usage?path=\(bucket)", "/api/v1/utilization/fileCount"]
    }

    /// The task-status rows whose lowest sequence is what the API shows.
    var lagPluginNames: [String] { plugins.isEmpty ? ["OmDeltaRequest"] : plugins.map(\.name) }

    /// Phase 3: delta lag at each write rate.
    func measureDeltaLag() async throws {
        guard let recondAPI, let omsimAPI else { throw BenchError("recond or omsim is not running") }
        let phase = DeltaLagPhase(
            omsim: omsimAPI, recond: recondAPI, plugins: lagPluginNames, window: .seconds(options.rateSeconds),
            sampleInterval: .milliseconds(options.sampleMillis), writes: options.lagWrites)
        for rate in options.rates {
            BenchLog.phase("phase 3: delta lag at \(Int(rate)) ops/s for \(options.rateSeconds) s (\(options.lagWrites.rawValue) writes)")
            try await waitForCatchUp()
            let result = try await phase.run(rate: rate)
            results.deltaLag.append(result)
        }
        results.highestRateHeld = results.deltaLag.filter(\.held).map(\.requestedRate).max()
    }

    /// Waits until recond shows the OM's latest sequence (no staged reprocess running).
    func waitForCatchUp(timeout: Duration = .seconds(300)) async throws {
        guard let recondAPI, let omsimAPI else { throw BenchError("recond or omsim is not running") }
        let names = lagPluginNames
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            let om = Int64(bitPattern: try await omsimAPI.status().latestSequenceNumber)
            let visible = try await recondAPI.visibleSequence(plugins: names)
            if visible >= om { return }
            last = "recond at \(visible), OM at \(om)"
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("recond did not catch up with the OM within \(timeout) (\(last))")
    }
}
