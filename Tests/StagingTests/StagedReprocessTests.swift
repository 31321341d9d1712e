import Dispatch
import Foundation
import Synchronization
import Testing

@testable import ReconCore

/// A staged reprocess end to end with hello_c and the flaky fixture.
@Suite("Staged reprocess")
struct StagedReprocessTests {
    @Test func walksEveryStateInOrderAndMatchesAFromScratchComputation() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let before = try h.liveOutputs()
        let decodesBefore = h.decoder.calls.load(ordering: .relaxed)
        let r = h.reprocessor()
        let log = StateLog()
        r.stateObserver = { log.record($0) }

        try await r.run(trigger: .initialStart, view: view)

        #expect(log.all == [.initializing, .processing, .catchingUp, .readyToCommit, .committing, .committed, .none])
        // Only the new generation is left: the old one had no lease, so it went at the swap.
        #expect(try h.generationNames() == ["gen-000000000002"])
        #expect(try h.generations.current() == GenerationID(2))
        let generation = try #require(h.live.generation)
        #expect(generation.id == GenerationID(2))
        #expect(!generation.isBulkLoad)
        #expect(generation.pluginStores.values.allSatisfy { $0.cursor().sequence == 1000 })

        // Decoded once: keyTable and fileTable are consumed by both plugins.
        let decodes = h.decoder.calls.load(ordering: .relaxed) - decodesBefore
        #expect(decodes == h.om.count("keyTable") + h.om.count("fileTable"))

        let after = try h.liveOutputs()
        #expect(after != before)
        #expect(after == (try h.fromScratch(view)))
        for table in OMFixture.tables { #expect(after.counts[table] == Int64(h.om.count(table))) }

        let status = r.status()
        let records = OMFixture.tables.reduce(0) { $0 + h.om.count($1) }
        #expect(status.state == .none)
        #expect(status.trigger == .initialStart)
        #expect(status.attempt == 1)
        #expect(status.viewSequence == 1000)
        #expect(status.progress.recordsScanned == UInt64(records))
        #expect(status.progress.recordsTotal > 0)
        #expect(status.progress.etaSeconds == 0)
        #expect(status.plugins == ["hello_c": .caughtUp, "flaky": .caughtUp])
        #expect(status.lastError == nil)
        #expect(status.lastSwitchPauseMillis != nil)
        #expect(status.lastBufferHoldMillis != nil)
        #expect(status.finishedAt != nil)
        #expect(status.timings.initializing != nil && status.timings.processing != nil && status.timings.catchingUp != nil)
        #expect(status.timings.readyToCommit != nil && status.timings.committing != nil && status.timings.rollingBack == nil)
        #expect(!status.buffer.accepting)
        #expect(!r.isActive)

        let row = try #require(h.statusBoard.snapshot().first { $0.taskName == StagedReprocessor.taskName })
        #expect(row.lastUpdatedSeqNumber == 1000 && row.lastTaskRunStatus == 0 && row.isCurrentTaskRunning == 0)
        let helloRow = try #require(h.statusBoard.snapshot().first { $0.taskName == "hello_c" })
        #expect(helloRow.lastUpdatedSeqNumber == 1000)
    }

    @Test func oneWorkerGivesTheSameResult() async throws {
        let h = try await StagingHarness(workers: 1)
        let view = try h.om.view()
        try await h.reprocessor(workers: 1).run(trigger: .manual, view: view)
        #expect(try h.liveOutputs() == (try h.fromScratch(view)))
    }

    @Test func aLargerViewWithDefaultChunksAndFourWorkers() async throws {
        let h = try await StagingHarness(workers: 4, scale: 10)
        let view = try h.om.view()
        let r = h.reprocessor(workers: 4, chunking: .default)
        try await r.run(trigger: .manual, view: view)
        #expect(try h.liveOutputs() == (try h.fromScratch(view)))
        let records = OMFixture.tables.reduce(0) { $0 + h.om.count($1) }
        #expect(r.status().progress.recordsScanned == UInt64(records))
        #expect(r.status().progress.recordsPerSecond > 0)
    }

    @Test func deltasBufferedDuringTheRunAreAppliedInCatchUp() async throws {
        let h = try await StagingHarness(flakyConfig: #"{"probe": true}"#)
        let view = try h.om.view()
        let r = h.reprocessor()
        var straddling = OMEventBatch(firstSequence: 998, lastSequence: 1009)
        straddling.append(.put, table: "userTable", key: Array("in-view".utf8), value: [1], sequence: 1000)
        straddling.append(.put, table: "userTable", key: Array("after-view".utf8), value: [2], sequence: 1009)
        let stale = Deltas.one(at: 999)
        let early = Deltas.mixed(h.om, at: 1001)
        let during = [Deltas.mixed(h.om, at: 1005, tag: "p"), straddling, Deltas.one(at: 1010)]
        let late = Deltas.mixed(h.om, at: 1011, tag: "c")

        // Buffering starts before the view is handed over (the kernel's order).
        #expect(r.beginBuffering())
        #expect(r.isActive)
        #expect(r.buffer(stale))
        #expect(r.buffer(early))
        let fed = Atomic<Int>(0)
        let accepted = Atomic<Int>(0)
        r.faultInjector = { point in
            if point == .reprocessChunk && fed.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged {
                for b in during where r.buffer(b) { accepted.add(1, ordering: .relaxed) }
            }
            // A batch arriving while catch-up runs is applied before the switch too.
            if point == .catchUp && fed.compareExchange(expected: 1, desired: 2, ordering: .relaxed).exchanged {
                if r.buffer(late) { accepted.add(1, ordering: .relaxed) }
            }
        }

        try await r.run(trigger: .snapshotInstalled, view: view)

        #expect(fed.load(ordering: .relaxed) == 2)
        #expect(accepted.load(ordering: .relaxed) == 4)
        let after = try h.liveOutputs()
        #expect(after == (try h.fromScratch(view, deltas: [stale, early] + during + [late])))
        #expect(after.counts["keyTable"] == Int64(h.om.count("keyTable")) + 3 - 3)
        #expect(after.counts["userTable"] == Int64(h.om.count("userTable")) + 3 + 1)
        #expect(after.counts["fileTable"] == Int64(h.om.count("fileTable")) + 1)
        let generation = try #require(h.live.generation)
        #expect(generation.pluginStores.values.allSatisfy { $0.cursor().sequence == 1014 })
        #expect(h.statusBoard.snapshot().first { $0.taskName == StagedReprocessor.taskName }?.lastUpdatedSeqNumber == 1014)

        // The buffer closed at the switch: the kernel processes live again.
        #expect(!r.isActive)
        #expect(!r.buffer(Deltas.one(at: 1020)))
        #expect(r.status().buffer.received == 6)
    }

    @Test func aSecondRunWhileOneRunsIsRefused() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let r = h.reprocessor()
        let gate = DispatchSemaphore(value: 0)
        let blocked = Atomic<Bool>(false)
        r.faultInjector = { point in
            if point == .reprocessChunk && !blocked.exchange(true, ordering: .relaxed) { gate.wait() }
        }
        let first = Task { try await r.run(trigger: .manual, view: view) }
        while !blocked.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }

        #expect(r.status().state == .processing)
        #expect(r.isActive)
        await #expect(throws: StagingError.alreadyRunning) { try await r.run(trigger: .manual, view: view) }
        #expect(!r.beginBuffering())
        await #expect(throws: StagingError.alreadyRunning) { try await r.drainBuffered { _ in } }
        gate.signal()
        try await first.value
        #expect(r.status().state == .none)
        #expect(r.status().attempt == 1)
    }

    @Test func cancellingTheRunRollsBack() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let before = try h.liveOutputs()
        let r = h.reprocessor()
        let gate = DispatchSemaphore(value: 0)
        let blocked = Atomic<Bool>(false)
        r.faultInjector = { point in
            if point == .reprocessChunk && !blocked.exchange(true, ordering: .relaxed) { gate.wait() }
        }
        let run = Task { try await r.run(trigger: .manual, view: view) }
        while !blocked.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
        run.cancel()
        gate.signal()
        await #expect(throws: StagingError.cancelled) { try await run.value }
        #expect(r.status().state == .failed)
        #expect(r.status().attempt == 1)
        #expect(try h.generationNames() == ["gen-000000000001"])
        #expect(try h.liveOutputs() == before)
    }

    @Test func aReaderLeasingTheOldGenerationDuringTheSwitchStillCompletes() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let before = try h.liveOutputs()
        let lease = try #require(h.live.lease())
        let oldStore = try lease.generation.pluginStore(named: "hello_c")
        let pinned = try oldStore.readView()

        // Readers keep querying the live generation during the whole run: never empty, never an error.
        let stop = Atomic<Bool>(false)
        let reader = Task.detached { () -> (reads: Int, errors: [String]) in
            var reads = 0
            var errors: [String] = []
            while !stop.load(ordering: .relaxed) {
                do {
                    let out = try h.live.withLease { try Outputs.read($0) }
                    if out.hello.isEmpty { errors.append("empty answer") }
                    reads += 1
                } catch {
                    errors.append("\(error)")
                }
                await Task.yield()
            }
            return (reads, errors)
        }
        let r = h.reprocessor()
        try await r.run(trigger: .manual, view: view)
        stop.store(true, ordering: .relaxed)
        let result = await reader.value
        #expect(result.reads > 0)
        #expect(result.errors.isEmpty)

        // The old generation is retired but stays open for its reader.
        #expect(h.live.generation?.id == GenerationID(2))
        #expect(lease.generation.isRetired)
        #expect(!lease.generation.isClosed)
        #expect(FileManager.default.fileExists(atPath: lease.generation.directory.path))
        var rows: [[SQLValue]] = []
        try pinned.sqlExec("SELECT table_name, puts, updates, deletes, bytes FROM table_counts ORDER BY table_name") { rows.append($0); return true }
        #expect(rows == before.hello)
        #expect(try Outputs.read(lease.generation) == before)

        // Through the plugin's own route handler, on a read ctx of the old generation.
        let plugin = try #require(h.plugins.first { $0.name == "hello_c" })
        let response = HTTPResponseBuffer()
        let request = PluginHTTPRequest(method: "GET", path: "/api/v1/examples/hello_c", pathParams: [], queryParams: [], body: [])
        try PluginRequestBridge.withCRequest(request, routeIndex: 0) { c in
            try plugin.handle(c, plugin.context(.storage(ReadViewSession(pinned))), response)
        }
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""table":"keyTable","puts":1,"#))

        pinned.close()
        let directory = lease.generation.directory
        lease.release()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(try h.generationNames() == ["gen-000000000002"])
    }
}
