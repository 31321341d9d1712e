import ReconPluginTestSupport
import Testing

/// After thousands of random OM operations (key puts, overwrites, deletes and renames,
/// directory creates, renames across parents, deletes of non-empty directories and
/// purges, multipart uploads), every answer equals a from-scratch recount of the OM, and
/// a staged reprocess rebuilds exactly the same answers.
@Suite("nssummary matches a recount after random operations")
struct NamespacePropertyTests {
    /// One seed: generate, mutate in rounds, compare, reprocess, compare again.
    func run(seed: UInt64, legacyFileSystemPaths: Bool, flushEntries: Int) async throws {
        let config = "{ legacy_filesystem_paths: \(legacyFileSystemPaths), reprocess_flush_entries: \(flushEntries) }"
        let harness = try await PluginHarness.start(
            plugins: [.built("nssummary", product: "ReconNSSummary", configYAML: config)], keys: 3000, seed: seed,
            label: "nssummary-property")
        var kinds: [String: Int] = [:]
        let probe = NamespaceProbe(harness: harness)
        var fsoDirectoriesCompared = 0
        var recount: NamespaceRecount?
        var live: (mismatches: [String], answers: [String]) = ([], [])
        for round in 0..<5 {
            for kind in try harness.applyOperations(500) { kinds[kind.rawValue, default: 0] += 1 }
            try await harness.catchUp()
            let counted = try NamespaceRecount(legacyFileSystemPaths: legacyFileSystemPaths) { table, visit in
                try harness.forEachOMRecord(table, visit)
            }
            fsoDirectoriesCompared += counted.fsoDirectoryCount
            live = try await probe.compare(with: counted)
            #expect(live.mismatches.isEmpty, "seed \(seed), round \(round): \(live.mismatches.count) mismatches: \(live.mismatches.prefix(8))")
            recount = counted
        }
        // The sequence exercised what the rules are about.
        for kind in ["renameDirectory", "deleteDirectory", "purgeDirectory", "renameKey", "deleteKey", "commitKey", "overwriteKey"] {
            #expect(kinds[kind, default: 0] > 0, "seed \(seed): no \(kind) in \(kinds)")
        }
        #expect(fsoDirectoriesCompared > 20, "seed \(seed): too few FSO directories to compare")

        try await harness.reprocess()
        let rebuilt = try await probe.compare(with: try #require(recount))
        #expect(rebuilt.mismatches.isEmpty, "seed \(seed), after reprocess: \(rebuilt.mismatches.prefix(8))")
        #expect(rebuilt.answers == live.answers, "seed \(seed): a reprocess changed some answers")
        await harness.stop()
    }

    @Test func seed11WithLegacyFileSystemPaths() async throws {
        try await run(seed: 11, legacyFileSystemPaths: true, flushEntries: 16)
    }

    @Test func seed29WithFlatLegacyBuckets() async throws {
        try await run(seed: 29, legacyFileSystemPaths: false, flushEntries: 100_000)
    }

    @Test func seed37WithLegacyFileSystemPathsAndTinyFlushes() async throws {
        try await run(seed: 37, legacyFileSystemPaths: true, flushEntries: 1)
    }
}
