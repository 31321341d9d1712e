import Foundation
import ReconPluginTestSupport
import Testing

/// Recon's request rules: 400 for a bad path or flag, the statuses, entity types, the
/// top-30 subpath rule, the `du` alias, and `delimiter=/` only where it applies.
@Suite("nssummary API rules")
struct NamespaceAPITests {
    static let routes = ["summary", "usage", "du", "quota", "dist"]

    @Test func aMissingOrMalformedPathOrFlagIs400WithAMessage() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("nssummary", product: "ReconNSSummary")], keys: 200, seed: 3)
        let probe = NamespaceProbe(harness: harness)
        let bad: [[(String, String)]] = [
            [], [("path", "")], [("path", "/vol//bucket")], [("path", "/vol/../x")], [("path", "/vol/\u{01}")],
            [("path", "/"), ("files", "yes")], [("path", "/"), ("replica", "1")], [("path", "/"), ("sortSubPaths", "no")],
            [("path", "/"), ("delimiter", ",")],
        ]
        for route in Self.routes {
            for query in bad {
                let answer = try await probe.answer(route, query)
                #expect(answer.status == 400, "\(route) \(query): \(answer.status) \(answer.text)")
                #expect((answer.json["message"] as? String)?.isEmpty == false, "\(route) \(query): \(answer.text)")
            }
            let fine = try await probe.answer(route, [("path", "/"), ("files", "TRUE"), ("replica", "false")])
            #expect(fine.status == 200, "\(route): \(fine.text)")
        }
        await harness.stop()
    }

    @Test func statusesAndEntityTypesFollowRecon() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("nssummary", product: "ReconNSSummary")], keys: 400, seed: 7)
        let probe = NamespaceProbe(harness: harness)
        let recount = try NamespaceRecount(legacyFileSystemPaths: false) { try harness.forEachOMRecord($0, $1) }
        for route in Self.routes {
            let missing = try await probe.answer(route, [("path", "/no-such-volume/b")])
            #expect(missing.status == 200 && missing.json["status"] as? String == "PATH_NOT_FOUND", "\(route): \(missing.text)")
        }
        let root = try await probe.answer("summary", [("path", "/")])
        #expect(root.json["type"] as? String == "ROOT")

        let directory = try #require(recount.directories.sorted().first)
        let dirSummary = try await probe.answer("summary", [("path", directory)])
        #expect(dirSummary.json["type"] as? String == "DIRECTORY")
        let dirQuota = try await probe.answer("quota", [("path", directory)])
        #expect(dirQuota.json["status"] as? String == "TYPE_NOT_APPLICABLE", "\(dirQuota.text)")

        var obsKey: String?
        try harness.forEachOMRecord("keyTable") { key, _ in
            let name = String(decoding: key, as: UTF8.self)
            if obsKey == nil && name.contains("/obs-") && !name.hasSuffix("/") { obsKey = name }
        }
        let key = try #require(obsKey)
        let keySummary = try await probe.answer("summary", [("path", key)])
        #expect(keySummary.json["type"] as? String == "KEY", "\(keySummary.text)")
        let counts = keySummary.json["countStats"] as? [String: Any]
        #expect(["numVolume", "numBucket", "numDir", "numKey"].allSatisfy { NamespaceProbe.int(counts?[$0]) == -1 })
        let keyDist = try await probe.answer("dist", [("path", key)])
        #expect(keyDist.json["status"] as? String == "TYPE_NOT_APPLICABLE", "\(keyDist.text)")
        let keyQuota = try await probe.answer("quota", [("path", key)])
        #expect(keyQuota.json["status"] as? String == "TYPE_NOT_APPLICABLE")
        let keyUsage = try await probe.answer("usage", [("path", key), ("replica", "true")])
        #expect(NamespaceProbe.int(keyUsage.json["size"]) ?? 0 > 0 || NamespaceProbe.int(keyUsage.json["sizeWithReplica"]) == 0)

        // An OBS prefix exists only with the delimiter.
        let prefix = try #require(recount.delimited.keys.sorted().first { $0.hasSuffix("/") })
        let plain = try await probe.answer("summary", [("path", prefix)])
        #expect(plain.json["status"] as? String == "PATH_NOT_FOUND", "\(plain.text)")
        let grouped = try await probe.answer("summary", [("path", prefix), ("delimiter", "/")])
        #expect(grouped.json["type"] as? String == "DIRECTORY", "\(grouped.text)")
        await harness.stop()
    }

    @Test func usageKeepsTheTopThirtySubpathsBySizeAndDuIsTheSameAnswer() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("nssummary", product: "ReconNSSummary")], keys: 600, seed: 19)
        let probe = NamespaceProbe(harness: harness)
        let recount = try NamespaceRecount(legacyFileSystemPaths: false) { try harness.forEachOMRecord($0, $1) }
        // The bucket with the most files (flat in Recon's view: all keys are direct subpaths with files=true).
        let (bucket, totals) = try #require(recount.plain.filter { $0.key.split(separator: "/").count == 2 && $0.key.contains("/obs-") }
            .max { $0.value.files < $1.value.files })
        #expect(totals.files > 30, "need a bucket with more than 30 keys")
        let sorted = try await probe.answer("usage", [("path", bucket), ("files", "true")])
        let subPaths = try #require(sorted.json["subPaths"] as? [[String: Any]])
        #expect(NamespaceProbe.int(sorted.json["subPathCount"]) == totals.files)
        #expect(subPaths.count == 30)
        let sizes = subPaths.compactMap { NamespaceProbe.int($0["size"]) }
        #expect(sizes == sizes.sorted(by: >))
        #expect(subPaths.allSatisfy { $0["isKey"] as? Bool == true && NamespaceProbe.int($0["sizeWithReplica"]) == -1 })
        let all = try await probe.answer("usage", [("path", bucket), ("files", "true"), ("sortSubPaths", "false")])
        let everything = try #require(all.json["subPaths"] as? [[String: Any]])
        #expect(Int64(everything.count) == totals.files)
        #expect(everything.compactMap { NamespaceProbe.int($0["size"]) }.reduce(0, +) == totals.bytes)
        let noFiles = try await probe.answer("usage", [("path", bucket)])
        #expect((noFiles.json["subPaths"] as? [Any])?.isEmpty == true)

        // FSO/LEGACY directories list their child directories with their totals.
        for directory in recount.directories.sorted().prefix(20) {
            let usage = try await probe.answer("usage", [("path", directory), ("sortSubPaths", "false")])
            for entry in usage.json["subPaths"] as? [[String: Any]] ?? [] {
                let path = try #require(entry["path"] as? String)
                #expect(NamespaceProbe.int(entry["size"]) == recount.plain[path]?.bytes, "\(path) in \(usage.text)")
            }
            let du = try await harness.get("/namespace/du", [("path", directory), ("sortSubPaths", "false")])
            #expect(du.text == usage.text)
            // With files: the child directories' totals plus the direct files add up to the
            // directory's own total (every child listed once, sizes from the scanned records).
            let withFiles = try await probe.answer("usage", [("path", directory), ("files", "true"), ("sortSubPaths", "false")])
            let entries = withFiles.json["subPaths"] as? [[String: Any]] ?? []
            #expect(NamespaceProbe.int(withFiles.json["subPathCount"]) == Int64(entries.count))
            #expect(Set(entries.compactMap { $0["path"] as? String }).count == entries.count)
            #expect(entries.compactMap { NamespaceProbe.int($0["size"]) }.reduce(0, +) == recount.plain[directory]?.bytes,
                    "\(directory): \(withFiles.text)")
        }
        await harness.stop()
    }
}
