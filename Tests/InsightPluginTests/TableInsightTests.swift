import Foundation
import ReconPluginTestSupport
import Testing

/// TableInsight through the real plugin library, over a simulated OM.
@Suite("TableInsight")
struct TableInsightTests {
    static let plugin = PluginHarness.Plugin.built("table_insight", product: "ReconTableInsight")

    /// The plugin's stored stats: table → (count, unreplicated, replicated).
    static func stored(_ harness: PluginHarness) throws -> [String: OMRecount.TableTotals] {
        var out: [String: OMRecount.TableTotals] = [:]
        for row in try harness.sqlRows(
            plugin: "table_insight", "SELECT table_name, row_count, unreplicated_size, replicated_size FROM om_table_stats")
        {
            out[row[0]] = OMRecount.TableTotals(count: Int64(row[1]) ?? -1, unreplicated: Int64(row[2]) ?? -1, replicated: Int64(row[3]) ?? -1)
        }
        return out
    }

    /// A JSON object answer of `path`.
    static func object(_ harness: PluginHarness, _ path: String) async throws -> [String: Any] {
        let response = try await harness.get(path)
        #expect(response.status == 200, "\(path): \(response.text)")
        return try #require(try response.json() as? [String: Any], "\(path): \(response.text)")
    }

    /// Every stored table equals a recount of the OM's DB, and the answers agree.
    static func expectMatchesRecount(_ harness: PluginHarness, _ stage: String) async throws {
        let expected = try OMRecount.tableTotals(harness)
        let actual = try stored(harness)
        for (table, totals) in expected {
            #expect(actual[table] == totals, "\(stage): \(table) stored \(actual[table].map(\.description) ?? "nothing"), recount \(totals)")
        }
        for (table, totals) in actual where expected[table] == nil {
            #expect(totals == OMRecount.TableTotals(), "\(stage): \(table) is not in the OM but stores \(totals)")
        }
        #expect((expected["keyTable"]?.count ?? 0) > 0 && (expected["openKeyTable"]?.count ?? 0) > 0)

        func total(_ t: String) -> OMRecount.TableTotals { expected[t] ?? OMRecount.TableTotals() }
        let cluster = try await object(harness, "/clusterState")
        #expect(jsonInt(cluster["volumes"]) == total("volumeTable").count, "\(stage)")
        #expect(jsonInt(cluster["buckets"]) == total("bucketTable").count, "\(stage)")
        #expect(jsonInt(cluster["keys"]) == total("keyTable").count + total("fileTable").count, "\(stage)")
        #expect(jsonInt(cluster["keysPendingDeletion"]) == total("deletedTable").count, "\(stage)")
        #expect(jsonInt(cluster["deletedDirs"]) == total("deletedDirectoryTable").count, "\(stage)")

        let open = try await object(harness, "/keys/open/summary")
        let openKeys = total("openKeyTable"), openFiles = total("openFileTable")
        #expect(jsonInt(open["totalOpenKeys"]) == openKeys.count + openFiles.count, "\(stage)")
        #expect(jsonInt(open["totalUnreplicatedDataSize"]) == openKeys.unreplicated + openFiles.unreplicated, "\(stage)")
        #expect(jsonInt(open["totalReplicatedDataSize"]) == openKeys.replicated + openFiles.replicated, "\(stage)")

        let mpu = try await object(harness, "/keys/open/mpu/summary")
        #expect(jsonInt(mpu["totalOpenMPUKeys"]) == total("multipartInfoTable").count, "\(stage)")
        #expect(jsonInt(mpu["totalDataSize"]) == total("multipartInfoTable").unreplicated, "\(stage)")
        #expect(jsonInt(mpu["totalReplicatedDataSize"]) == total("multipartInfoTable").replicated, "\(stage)")

        let deleted = try await object(harness, "/keys/deletePending/summary")
        #expect(jsonInt(deleted["totalDeletedKeys"]) == total("deletedTable").count, "\(stage)")
        #expect(jsonInt(deleted["totalUnreplicatedDataSize"]) == total("deletedTable").unreplicated, "\(stage)")
        #expect(jsonInt(deleted["totalReplicatedDataSize"]) == total("deletedTable").replicated, "\(stage)")

        let dirs = try await object(harness, "/keys/deletePending/dirs/summary")
        #expect(jsonInt(dirs["totalDeletedDirectories"]) == total("deletedDirectoryTable").count, "\(stage)")
    }

    @Test(arguments: [4 as UInt64, 13, 37])
    func statsEqualARecountAfterRandomMutationsAndAfterAReprocess(seed: UInt64) async throws {
        let harness = try await PluginHarness.start(plugins: [Self.plugin], keys: 1500, seed: seed, label: "ti-\(seed)")
        do {
            try await Self.expectMatchesRecount(harness, "after the first build")
            // The tables the comparisons covered while non-empty (purges drain some of them).
            var exercised = Set<String>()
            for round in 1...3 {
                try harness.applyOperations(1000)
                try await harness.catchUp()
                try await Self.expectMatchesRecount(harness, "after round \(round) of mutations")
                exercised.formUnion(try OMRecount.tableTotals(harness).filter { $0.value.count > 0 }.keys)
            }
            for table in ["deletedTable", "multipartInfoTable", "deletedDirectoryTable", "openFileTable"] {
                #expect(exercised.contains(table), "the workload left \(table) empty at every check: the test checks nothing there")
            }
            try await harness.reprocess()
            try await Self.expectMatchesRecount(harness, "after a reprocess")
            try harness.applyOperations(500)
            try await harness.catchUp()
            try await Self.expectMatchesRecount(harness, "after mutations following the reprocess")
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// Names listed by `/volumes` or `/buckets` with `query`, and the answer's totalCount.
    static func names(_ harness: PluginHarness, _ path: String, _ query: [(String, String)]) async throws -> [String] {
        let response = try await harness.get(path, query)
        #expect(response.status == 200, "\(path) \(query): \(response.text)")
        let body = try #require(try response.json() as? [String: Any])
        let items = try #require(body[path == "/volumes" ? "volumes" : "buckets"] as? [[String: Any]])
        #expect(jsonInt(body["totalCount"]) == Int64(items.count))
        return items.map { item in
            path == "/volumes" ? "/" + (item["volume"] as? String ?? "?")
                : "/" + (item["volumeName"] as? String ?? "?") + "/" + (item["name"] as? String ?? "?")
        }
    }

    @Test func volumesAndBucketsListTheReplicaPageByPage() async throws {
        let harness = try await PluginHarness.start(plugins: [Self.plugin], keys: 1500, seed: 19, label: "ti-list")
        do {
            let volumeKeys = try OMRecount.keys(harness, "volumeTable")
            let bucketKeys = try OMRecount.keys(harness, "bucketTable")
            #expect(try await Self.names(harness, "/volumes", []) == volumeKeys)
            #expect(try await Self.names(harness, "/buckets", []) == bucketKeys)
            #expect(volumeKeys.count >= 2)

            var paged: [String] = []
            var prev: String?
            while true {
                var query = [("limit", "1")]
                if let prev { query.append(("prevKey", prev)) }
                let page = try await Self.names(harness, "/volumes", query)
                guard let last = page.last else { break }
                #expect(page.count == 1)
                paged += page
                prev = String(last.dropFirst())
            }
            #expect(paged == volumeKeys)

            let volume = String(try #require(volumeKeys.first).dropFirst())
            let inVolume = bucketKeys.filter { $0.hasPrefix("/\(volume)/") }
            #expect(try await Self.names(harness, "/buckets", [("volume", volume)]) == inVolume)
            if let first = inVolume.first {
                let after = String(first.split(separator: "/").last!)
                #expect(try await Self.names(harness, "/buckets", [("volume", volume), ("prevKey", after)]) == Array(inVolume.dropFirst()))
            }
            #expect(try await Self.names(harness, "/buckets", [("volume", "no-such-volume")]).isEmpty)

            let bad: [(String, [(String, String)])] = [
                ("/volumes", [("limit", "0")]), ("/volumes", [("limit", "x")]), ("/volumes", [("prevKey", "a/b")]),
                ("/buckets", [("limit", "-3")]), ("/buckets", [("prevKey", "b1")]), ("/buckets", [("volume", "a/b")]),
            ]
            for (path, query) in bad {
                let response = try await harness.get(path, query)
                #expect(response.status == 400, "\(path) \(query): \(response.status) \(response.text)")
                #expect(response.text.contains("\"message\""))
            }
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
