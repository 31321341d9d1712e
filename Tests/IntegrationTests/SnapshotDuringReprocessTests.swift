import Foundation
import Logging
import OMSimulator
import ReconTestSupport
import Synchronization
import Testing

@testable import ReconCore
@testable import ReconEmbeddedOM

/// A new snapshot replacing the replica while a staged reprocess scans the old one
/// cancels that reprocess at once and rebuilds from the new replica.
@Suite("Snapshot during a staged reprocess")
struct SnapshotDuringReprocessTests {
    @Test func theStaleReprocessIsCancelledAndTheNewSnapshotIsRebuilt() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("snapshot-during-reprocess")
        defer { dir.remove() }
        let hello = dir.file("libhello_c.so")
        try CCompiler.sharedLibrary([TestPaths.packageRoot.appendingPathComponent("Plugins/Examples/hello_c/hello_c.c")], output: hello)
        let om = try SimulatedOM.create(at: dir.file("om").path, keys: 1500, seed: 3)
        defer { om.close() }
        let yaml = "data_dir: recon\nsync:\n  interval: 100ms\nplugins:\n  - name: hello_c\n    path: \(hello.path)\n"
        let config = try ReconConfig.parse(yaml: yaml, file: dir.file("config.yaml").path, baseDirectory: dir.path)
        let runtime = try ReconRuntime.start(config: config, source: EmbeddedOMSource(om: om), logger: Logger(label: "test"))
        let loop = Task { await runtime.run() }

        // The first snapshot's reprocess commits.
        try await waitUntil { runtime.staging.status().finishedAt != nil && runtime.staging.status().state == .none }

        // Hold the manual reprocess's scan (on the reprocess's own thread, never a Swift
        // concurrency thread, which the sync loop and other tests running in parallel
        // need) until the sync engine has installed the second snapshot (at most 120 s).
        let held = Atomic<Bool>(false)
        runtime.staging.faultInjector = { [runtime] point in
            guard point == .reprocessChunk, runtime.staging.status().trigger == .manual,
                  !held.exchange(true, ordering: .relaxed) else { return }
            for _ in 0..<6000 where runtime.sync.status.snapshotCount < 2 { usleep(20_000) }
        }
        // The first run's bookkeeping may still be finishing (RETRY until it has).
        try await waitUntil {
            runtime.requestReprocess(.manual) == .accepted("a staged reprocess of every task (manual) has started")
        }
        // Record the states from here on (the scan is held before any of the asserted ones).
        let states = Mutex<[StagingState]>([])
        runtime.staging.stateObserver = { state in states.withLock { $0.append(state) } }
        try await waitUntil { held.load(ordering: .relaxed) }

        // Force a snapshot: the OM drops its WAL, the next sync falls back.
        _ = try om.workload.applyOperations(count: 200)
        try om.purgeWAL()
        _ = try om.workload.applyOperations(count: 10)
        _ = runtime.triggerSync()

        try await waitUntil {
            let s = runtime.staging.status()
            return s.trigger == .snapshotInstalled && s.state == .none && s.viewSequence == (try? om.latestSequenceNumber)
        }
        #expect(runtime.sync.status.snapshotCount == 2)
        // Exactly one commit after the manual request: the snapshot's; the manual run was rolled back.
        let seen = states.withLock { $0 }
        #expect(seen.filter { $0 == .committed }.count == 1)
        #expect(seen.contains(.rollingBack))

        loop.cancel()
        await loop.value
        await runtime.stop()
        runtime.kernel.shutdown()
    }

    private func waitUntil(timeout: Duration = .seconds(120), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within \(timeout)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
