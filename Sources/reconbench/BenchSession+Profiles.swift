import Foundation

/// Profiles for the figures that missed their targets: each missed phase is reproduced
/// once more (not measured) under `perf record`.
extension BenchSession {
    /// Seconds of the delta-lag window reproduced under perf.
    static let profiledLagWindow: Duration = .seconds(20)

    /// Reproduces every missed phase under perf (with `--profile`, the default).
    func profileMisses() async {
        guard options.profile, let recond else { return }
        let reprocessMissed = results.reprocess.map { !BenchTargets.reprocessMet($0) } ?? false
        let apiMissed = results.apiDuringStaging.map { !BenchTargets.apiMet($0) } ?? false
        let lagMiss = results.deltaLag.first { $0.requestedRate == BenchTargets.lagRate && !BenchTargets.lagMet($0) }
        guard reprocessMissed || apiMissed || lagMiss != nil else { return }
        guard Profiler.isAvailable else {
            note("perf is not available: no profiles of the missed targets")
            return
        }
        let profiler = Profiler(directory: work)
        if reprocessMissed {
            BenchLog.phase("profiling recond during a staged reprocess (a reprocess target was missed)")
            await attempt("profile of the reprocess") {
                let measurement = try self.measurement()
                let timeout = self.reprocessTimeout
                self.results.profiles.append(try await profiler.profile(figure: "reprocess", process: "recond", pid: recond.pid) {
                    _ = try await measurement.triggered(timeout: timeout)
                })
            }
        }
        if apiMissed {
            BenchLog.phase("profiling recond while the API is loaded during staging (an API target was missed)")
            await attempt("profile of the API during staging") {
                self.results.profiles.append(try await profiler.profile(figure: "API during staging", process: "recond", pid: recond.pid) {
                    _ = try await self.loadAPIDuringStaging()
                })
            }
        }
        if let lagMiss {
            await profileLag(lagMiss, profiler: profiler, recond: recond)
        }
    }

    /// Reproduces the missed lag window under perf: recond, and omsim as well when it did
    /// not reach the rate.
    private func profileLag(_ miss: DeltaLagResult, profiler: Profiler, recond: ChildProcess) async {
        BenchLog.phase("profiling during \(Int(miss.requestedRate)) ops/s of writes (the delta-lag target was missed)")
        guard let omsimAPI, let recondAPI, let omsim else { return }
        let phase = DeltaLagPhase(
            omsim: omsimAPI, recond: recondAPI, plugins: lagPluginNames, window: Self.profiledLagWindow,
            sampleInterval: .milliseconds(options.sampleMillis), writes: options.lagWrites)
        let figure = "delta lag at \(Int(miss.requestedRate)) ops/s"
        await attempt("profile of the delta lag") {
            try await self.waitForCatchUp()
            try await phase.prepare(rate: miss.requestedRate)
            let omsimShort = miss.achievedRate < 0.9 * miss.requestedRate
            let recondProfile = try await profiler.profile(figure: figure, process: "recond", pid: recond.pid) {
                if omsimShort {
                    self.results.profiles.append(try await profiler.profile(figure: figure + " (omsim)", process: "omsim", pid: omsim.pid) {
                        _ = try await phase.measure(rate: miss.requestedRate)
                    })
                } else {
                    _ = try await phase.measure(rate: miss.requestedRate)
                }
            }
            self.results.profiles.append(recondProfile)
        }
    }
}
