import OMSimulator
import ReconPluginTestSupport
import Testing

/// After random OM mutation sequences (every key version, FSO and OBS/LEGACY, directory
/// renames and deletes, overwrites in versioned buckets, MPUs), every container's key
/// list and count equal a from-scratch recount of the OM DB, live and after a rebuild.
@Suite("container_key_mapper equals a recount of the OM")
struct ContainerRecountTests {
    /// Operation counts between catch-ups: large and tiny batches.
    static let rounds = [900, 3, 700, 1, 1200]

    @Test(arguments: [3, 17, 42] as [UInt64])
    func randomMutationsKeepEveryContainerEqualToARecount(seed: UInt64) async throws {
        let harness = try await PluginHarness.start(plugins: [ContainerComparison.plugin], keys: 1200, seed: seed)
        let api = ContainerAPI(harness: harness)
        do {
            let initial = try ExpectedContainers.recount(harness)
            #expect(!initial.counts.isEmpty)
            #expect(try await ContainerComparison.differences(api, initial) == [], "seed \(seed) after the first build")
            var comparedBelowDirectories = initial.keysBelowDirectories
            var comparedSeveralVersions = initial.keysWithSeveralVersions

            var kinds: [OMOperationKind] = []
            for (round, count) in Self.rounds.enumerated() {
                kinds += try harness.applyOperations(count)
                try await harness.catchUp()
                let expected = try ExpectedContainers.recount(harness)
                comparedBelowDirectories += expected.keysBelowDirectories
                comparedSeveralVersions += expected.keysWithSeveralVersions
                #expect(try await ContainerComparison.differences(api, expected) == [], "seed \(seed) round \(round)")
            }
            for kind in [OMOperationKind.renameDirectory, .deleteDirectory, .overwriteKey, .deleteKey, .renameKey] {
                #expect(kinds.contains(kind), "the workload never did \(kind)")
            }

            try await harness.reprocess()
            let rebuilt = try ExpectedContainers.recount(harness)
            #expect(try await ContainerComparison.differences(api, rebuilt) == [], "seed \(seed) after a rebuild")
            #expect(comparedBelowDirectories > 0, "no FSO key below a directory was compared")
            #expect(comparedSeveralVersions > 0, "no key with several versions in one container was compared")
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test func keysBelowADeletedDirectoryAnswerAnEmptyCompletePath() async throws {
        let harness = try await PluginHarness.start(plugins: [ContainerComparison.plugin], keys: 800, seed: 29)
        let api = ContainerAPI(harness: harness)
        do {
            var expected = try ExpectedContainers.recount(harness)
            var rounds = 0
            while !expected.keys.values.joined().contains(where: { $0.key.completePath.isEmpty }) && rounds < 40 {
                try harness.applyOperations(100)
                expected = try ExpectedContainers.recount(harness)
                rounds += 1
            }
            try #require(expected.keys.values.joined().contains { $0.key.completePath.isEmpty },
                         "no key was left below a deleted directory")
            try await harness.catchUp()
            #expect(try await ContainerComparison.differences(api, expected) == [])
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
