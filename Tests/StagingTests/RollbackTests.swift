import Foundation
import Synchronization
import Testing

@testable import ReconCore

/// What the disk and the live generation looked like when a run entered FAILED.
struct FailureSnapshot: Sendable {
    var generations: [String]
    var current: GenerationID?
    var outputs: Outputs?
    var at: ContinuousClock.Instant
}


/// Records states with their times, and a snapshot of the disk at each FAILED.
final class FailureRecorder: Sendable {
    let log = StateLog()
    private let failures = Mutex<[FailureSnapshot]>([])
    private let restarts = Mutex<[ContinuousClock.Instant]>([])

    func observe(_ h: StagingHarness) -> @Sendable (StagingState) -> Void {
        { [self] state in
            log.record(state)
            switch state {
            case .failed:
                let snapshot = FailureSnapshot(
                    generations: (try? h.generationNames()) ?? [], current: try? h.generations.current(),
                    outputs: try? h.liveOutputs(), at: .now)
                failures.withLock { $0.append(snapshot) }
            case .initializing:
                restarts.withLock { $0.append(.now) }
            default: break
            }
        }
    }

    var snapshots: [FailureSnapshot] { failures.withLock { $0 } }
    var starts: [ContinuousClock.Instant] { restarts.withLock { $0 } }
}

/// Failures in each phase: rollback, the old generation untouched, retry with backoff.
@Suite("Staged reprocess failures")
struct RollbackTests {
    @Test(arguments: ["chunk", "merge", "process"])
    func aFailureRollsBackThenARetrySucceeds(_ point: String) async throws {
        // "process" fails in catch-up; skip the live batch the harness processes first.
        let skip = point == "process" ? 1 : 0
        let h = try await StagingHarness(flakyConfig: #"{"fail_in": "\#(point)", "times": 1, "skip": \#(skip)}"#)
        let view = try h.om.view()
        let delta = Deltas.mixed(h.om, at: 1001)
        let before = try h.liveOutputs()
        let r = h.reprocessor(backoff: .milliseconds(60))
        let recorder = FailureRecorder()
        r.stateObserver = recorder.observe(h)
        r.beginBuffering()
        #expect(r.buffer(delta))

        try await r.run(trigger: .taskFailures, view: view)

        let failedIn: [StagingState] = point == "process" ? [.initializing, .processing, .catchingUp] : [.initializing, .processing]
        #expect(recorder.log.all == failedIn + [.rollingBack, .failed]
            + [.initializing, .processing, .catchingUp, .readyToCommit, .committing, .committed, .none])

        // At the failure: the staged directory is gone, the old generation serves unchanged data.
        let failure = try #require(recorder.snapshots.first)
        #expect(failure.generations == ["gen-000000000001"])
        #expect(failure.current == GenerationID(1))
        #expect(failure.outputs == before)
        // The retry waited out the backoff.
        let starts = recorder.starts
        #expect(starts.count == 2)
        if starts.count == 2 { #expect(starts[1] - failure.at >= .milliseconds(60)) }

        let status = r.status()
        #expect(status.state == .none)
        #expect(status.attempt == 2)
        #expect(status.lastError?.contains("failing") == true)
        #expect(status.lastError?.contains("on demand") == true)
        let after = try h.liveOutputs()
        let expected = try h.fromScratch(view, deltas: [delta])
        #expect(after == expected, "\(after)\n\(expected)")
        #expect(try h.generationNames() == ["gen-000000000002"])
    }

    @Test func givesUpAfterMaxRetriesAndTheBufferDrainsToLive() async throws {
        let h = try await StagingHarness(flakyConfig: #"{"fail_in": "merge", "times": 100}"#)
        let view = try h.om.view()
        let before = try h.liveOutputs()
        let r = h.reprocessor(maxRetries: 2, backoff: .milliseconds(5), backoffMax: .milliseconds(8))
        let recorder = FailureRecorder()
        r.stateObserver = recorder.observe(h)
        let delta = Deltas.mixed(h.om, at: 1001)
        r.beginBuffering()
        #expect(r.buffer(delta))

        await #expect(throws: PluginCallError.self) { try await r.run(trigger: .manual, view: view) }

        #expect(recorder.log.all.filter { $0 == .failed }.count == 3)
        #expect(recorder.log.all.last == .failed)
        #expect(!recorder.log.all.contains(.committing))
        let status = r.status()
        #expect(status.state == .failed)
        #expect(status.attempt == 3)
        #expect(status.lastError?.contains("reprocess_merge") == true)
        #expect(status.plugins["flaky"] == .failed)
        #expect(status.finishedAt != nil)
        #expect(status.nextAttemptAt == nil)
        #expect(try h.generationNames() == ["gen-000000000001"])
        #expect(try h.liveOutputs() == before)
        let row = try #require(h.statusBoard.snapshot().first { $0.taskName == StagedReprocessor.taskName })
        #expect(row.lastTaskRunStatus == -1 && row.isCurrentTaskRunning == 0)

        // The deltas are still held: the kernel drains them into the live path, in order.
        #expect(r.isActive)
        #expect(r.buffer(Deltas.one(at: 1010)))
        var drained: [UInt64] = []
        try await r.drainBuffered { batch in
            drained.append(batch.lastSequence)
            try await h.processLive(batch)
        }
        #expect(drained == [1004, 1010])
        #expect(!r.isActive)
        #expect(!r.buffer(Deltas.one(at: 1011)))
        #expect(try h.live.withLease { g in try g.pluginStore(named: "hello_c").cursor().sequence } == 1010)
    }

    @Test func aFailureBeforeTheSwitchRollsBack() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let before = try h.liveOutputs()
        let r = h.reprocessor(backoff: .milliseconds(5))
        let recorder = FailureRecorder()
        r.stateObserver = recorder.observe(h)
        let failed = Atomic<Bool>(false)
        struct Refused: Error {}
        r.faultInjector = { point in
            if point == .beforeSwitch && !failed.exchange(true, ordering: .relaxed) { throw Refused() }
        }
        try await r.run(trigger: .manual, view: view)

        #expect(recorder.log.all.prefix(7) == [.initializing, .processing, .catchingUp, .readyToCommit, .rollingBack, .failed, .initializing])
        let failure = try #require(recorder.snapshots.first)
        // The generation was marked complete, yet never named by CURRENT: deleted.
        #expect(failure.generations == ["gen-000000000001"])
        #expect(failure.current == GenerationID(1))
        #expect(failure.outputs == before)
        #expect(r.status().attempt == 2)
        #expect(try h.liveOutputs() == (try h.fromScratch(view)))
    }

    @Test func aFailureAfterTheSwitchIsKeptNotRolledBack() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let r = h.reprocessor()
        let log = StateLog()
        r.stateObserver = { log.record($0) }
        struct Hiccup: Error {}
        r.faultInjector = { point in if point == .afterSwitch { throw Hiccup() } }

        try await r.run(trigger: .manual, view: view)

        #expect(log.all == [.initializing, .processing, .catchingUp, .readyToCommit, .committing, .committed, .none])
        #expect(try h.generations.current() == GenerationID(2))
        #expect(h.live.generation?.id == GenerationID(2))
        #expect(r.status().lastError?.contains("after the switch") == true)
        #expect(r.status().attempt == 1)
        #expect(try h.liveOutputs() == (try h.fromScratch(view)))
    }

    @Test func retryDelaysDoubleUpToTheMaximum() {
        let b = RetryBackoff(initial: .seconds(2), maximum: .seconds(10))
        #expect((1...5).map { b.delay(beforeRetry: $0) } == [.seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        #expect(RetryBackoff(initial: .seconds(3), maximum: .seconds(1)).delay(beforeRetry: 4) == .seconds(3))
    }
}
