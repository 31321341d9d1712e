import Foundation
import Testing

@testable import ReconCore

/// Opt-in: `STAGING_BENCH=<scale> swift test --skip-build --filter StagingBenchmark`
/// reprocesses about 370 × scale OM records with the default chunking and prints the
/// rate, the phase timings and the switch pause.
@Suite("Staging benchmark", .enabled(if: ProcessInfo.processInfo.environment["STAGING_BENCH"] != nil))
struct StagingBenchmarkTests {
    @Test func reprocessRate() async throws {
        let scale = Int(ProcessInfo.processInfo.environment["STAGING_BENCH"] ?? "") ?? 100
        let workers = Int(ProcessInfo.processInfo.environment["STAGING_BENCH_WORKERS"] ?? "") ?? 2
        let h = try await StagingHarness(workers: workers, scale: scale)
        let view = try h.om.view()
        let r = h.reprocessor(workers: workers, chunking: .default)
        let start = ContinuousClock.now
        try await r.run(trigger: .manual, view: view)
        let elapsed = ContinuousClock.now - start
        let s = r.status()
        for table in OMFixture.tables { #expect(try h.liveOutputs().counts[table] == Int64(h.om.count(table))) }
        print("""
            staging benchmark: \(s.progress.recordsScanned) records, \(workers) workers, \(elapsed) total, \
            \(Int(s.progress.recordsPerSecond)) records/s in the scan; phases (ms): init \(s.timings.initializing ?? 0), \
            processing \(s.timings.processing ?? 0), catch-up \(s.timings.catchingUp ?? 0), ready \(s.timings.readyToCommit ?? 0), \
            committing \(s.timings.committing ?? 0); switch pause \(s.lastSwitchPauseMillis ?? 0) ms, \
            buffer held \(s.lastBufferHoldMillis ?? 0) ms
            """)
    }
}
