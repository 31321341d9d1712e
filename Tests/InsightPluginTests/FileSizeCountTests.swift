import Foundation
import OzoneFormat
import ReconPluginTestSupport
import Testing

/// FileSizeCount through the real plugin library, over a simulated OM.
@Suite("FileSizeCount")
struct FileSizeCountTests {
    static let plugin = PluginHarness.Plugin.built("file_size_count", product: "ReconFileSizeCount")

    /// The answer of `/utilization/fileCount` as rows; fails on a row with count <= 0.
    static func answer(_ harness: PluginHarness, _ query: [(String, String)] = []) async throws -> [OMRecount.BinRow: Int64] {
        let response = try await harness.get("/utilization/fileCount", query)
        #expect(response.status == 200, "\(response.text)")
        let rows = try #require(try response.json() as? [[String: Any]], "\(response.text)")
        var out: [OMRecount.BinRow: Int64] = [:]
        for row in rows {
            let key = OMRecount.BinRow(
                volume: try #require(row["volume"] as? String), bucket: try #require(row["bucket"] as? String),
                fileSize: try #require(jsonInt(row["fileSize"])))
            let count = try #require(jsonInt(row["count"]))
            #expect(count > 0, "row \(key) has count \(count)")
            #expect(out[key] == nil, "row \(key) repeated")
            out[key] = count
        }
        return out
    }

    /// Compares the plugin's answer with a recount and says where they differ.
    static func expectMatchesRecount(_ harness: PluginHarness, _ stage: String) async throws {
        let expected = try OMRecount.fileCounts(harness)
        let actual = try await answer(harness)
        let differing = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }
        #expect(differing.isEmpty, "\(stage): \(differing.count) rows differ, e.g. \(differing.prefix(5).map { "\($0): want \(expected[$0] ?? 0) got \(actual[$0] ?? 0)" })")
        #expect(!expected.isEmpty)
    }

    @Test(arguments: [3 as UInt64, 11, 29])
    func countsEqualARecountAfterRandomMutationsAndAfterAReprocess(seed: UInt64) async throws {
        let harness = try await PluginHarness.start(plugins: [Self.plugin], keys: 1500, seed: seed, label: "fsc-\(seed)")
        do {
            try await Self.expectMatchesRecount(harness, "after the first build")
            for round in 1...3 {
                try harness.applyOperations(1000)
                try await harness.catchUp()
                try await Self.expectMatchesRecount(harness, "after round \(round) of mutations")
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

    @Test func tenKeysOf1025BytesInOneBucketAnswerOneBinOf2048() async throws {
        let harness = try await PluginHarness.start(plugins: [Self.plugin], keys: 50, seed: 5, label: "fsc-ten")
        do {
            var puts: [(table: String, key: [UInt8], value: [UInt8])] = []
            for i in 0..<10 {
                var info = OMKeyInfo()
                info.volumeName = "tenvol"
                info.bucketName = "tenbucket"
                info.keyName = "key-\(i)"
                info.dataSize = 1025
                info.type = .ratis
                info.factor = .three
                info.creationTime = 1_700_000_000_000
                info.modificationTime = 1_700_000_000_000
                puts.append(("keyTable", Array("/tenvol/tenbucket/key-\(i)".utf8), try info.serializedBytes()))
            }
            try harness.writeOMBatch(puts)
            try await harness.catchUp()
            let response = try await harness.get("/utilization/fileCount", [("volume", "tenvol"), ("bucket", "tenbucket")])
            #expect(response.text == #"[{"volume":"tenvol","bucket":"tenbucket","fileSize":2048,"count":10}]"#)
            try await harness.reprocess()
            let rebuilt = try await harness.get("/utilization/fileCount", [("volume", "tenvol")])
            #expect(rebuilt.text == #"[{"volume":"tenvol","bucket":"tenbucket","fileSize":2048,"count":10}]"#)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test func filtersSelectExactlyTheMatchingRows() async throws {
        let harness = try await PluginHarness.start(plugins: [Self.plugin], keys: 1500, seed: 17, label: "fsc-filter")
        do {
            let all = try await Self.answer(harness)
            let sample = try #require(all.keys.sorted { $0.description < $1.description }.first)
            let byVolume = try await Self.answer(harness, [("volume", sample.volume)])
            #expect(byVolume == all.filter { $0.key.volume == sample.volume })
            let byBucket = try await Self.answer(harness, [("volume", sample.volume), ("bucket", sample.bucket)])
            #expect(byBucket == all.filter { $0.key.volume == sample.volume && $0.key.bucket == sample.bucket })
            let bySize = try await Self.answer(harness, [("fileSize", String(sample.fileSize))])
            #expect(bySize == all.filter { $0.key.fileSize == sample.fileSize })
            #expect(!bySize.isEmpty)
            let point = try await Self.answer(
                harness, [("volume", sample.volume), ("bucket", sample.bucket), ("fileSize", String(sample.fileSize))])
            #expect(point == [sample: all[sample]!])
            let notABound = try await Self.answer(harness, [("fileSize", "1500")])
            #expect(notABound.isEmpty)
            #expect(try await Self.answer(harness, [("fileSize", "0")]) == all)
            for bad in ["abc", "-1", "1.5", "99999999999999999999"] {
                let response = try await harness.get("/utilization/fileCount", [("fileSize", bad)])
                #expect(response.status == 400, "fileSize=\(bad): \(response.status) \(response.text)")
                #expect(response.text.contains("\"message\""))
            }
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
