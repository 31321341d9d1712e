import Foundation
import Synchronization
import Testing

@testable import ReconCore

/// A kill -9 simulated at each interesting point: the run stops without cleanup, the
/// "process" dies (handles closed), and startup's leftover removal runs.
@Suite("Staged reprocess crash safety")
struct CrashTests {
    /// Runs a reprocess that crashes at the `nth` call of `point`, then "restarts":
    /// returns the generation startup opens and what it removed.
    private func crash(
        at point: StagingFaultPoint, nth: Int = 1, _ h: StagingHarness, spill: Bool = false
    ) async throws -> (opened: TaskGeneration, removed: [GenerationID], view: RocksDBScanView, deltas: [OMEventBatch]) {
        let view = try h.om.view()
        let r = h.reprocessor(eventBuffer: 1)
        let deltas = [Deltas.mixed(h.om, at: 1001), Deltas.one(at: 1005), Deltas.one(at: 1006)]
        r.beginBuffering()
        for d in deltas { #expect(r.buffer(d)) }
        if spill {
            #expect(r.status().buffer.spilled == 2)
            #expect(FileManager.default.fileExists(atPath: h.generations.root.appendingPathComponent("staging-deltas").path))
        }
        let calls = Atomic<Int>(0)
        r.faultInjector = { p in
            if p == point && calls.add(1, ordering: .relaxed).newValue == nth { throw SimulatedCrash(at: point) }
        }
        await #expect(throws: SimulatedCrash(at: point)) { try await r.run(trigger: .manual, view: view) }

        // The process dies: every handle goes, nothing is cleaned up.
        h.live.replace(with: nil, deleteOldFiles: false)
        // Startup.
        let removed = try h.generations.removeLeftovers()
        StagedReprocessor.removeLeftovers(root: h.generations.root)
        let current = try #require(try h.generations.current())
        let opened = try TaskGeneration.open(
            at: h.generations.path(of: current), id: current,
            plugins: h.plugins.map { PluginStorageSpec(name: $0.name, kvTables: $0.info.kvTables) }, options: h.options)
        return (opened, removed, view, deltas)
    }

    @Test func aCrashMidProcessingLeavesOnlyTheOldGeneration() async throws {
        let h = try await StagingHarness()
        let before = try h.liveOutputs()
        let (opened, removed, _, _) = try await crash(at: .reprocessChunk, nth: 3, h, spill: true)
        defer { opened.close() }
        #expect(removed == [GenerationID(2)])
        #expect(opened.id == GenerationID(1))
        #expect(try h.generationNames() == ["gen-000000000001"])
        #expect(try Outputs.read(opened) == before)
        #expect(opened.pluginStores.values.allSatisfy { $0.cursor().sequence == 10 })
        #expect(!FileManager.default.fileExists(atPath: h.generations.root.appendingPathComponent("staging-deltas").path))
    }

    @Test func aCrashAfterTheMarkerButBeforeTheRenameLeavesTheOldGeneration() async throws {
        let h = try await StagingHarness()
        let before = try h.liveOutputs()
        let (opened, removed, _, _) = try await crash(at: .beforeSwitch, h)
        defer { opened.close() }
        #expect(removed == [GenerationID(2)])
        #expect(opened.id == GenerationID(1))
        #expect(try Outputs.read(opened) == before)
    }

    @Test func aCrashRightAfterTheRenameLeavesTheNewGenerationWhole() async throws {
        let h = try await StagingHarness()
        let (opened, removed, view, deltas) = try await crash(at: .afterSwitch, h)
        defer { opened.close() }
        #expect(removed == [GenerationID(1)])
        #expect(opened.id == GenerationID(2))
        #expect(try h.generationNames() == ["gen-000000000002"])
        #expect(!opened.isBulkLoad)
        #expect(opened.pluginStores.values.allSatisfy { $0.cursor().sequence == 1006 && !$0.recovery.sqlCommitsLost })
        #expect(try Outputs.read(opened) == (try h.fromScratch(view, deltas: deltas)))
    }
}
