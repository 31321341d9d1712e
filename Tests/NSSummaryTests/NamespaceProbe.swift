import Foundation
import ReconPluginTestSupport

/// Asks the plugin's namespace endpoints about every path of a recount and lists where
/// the answers differ from it.
struct NamespaceProbe {
    let harness: PluginHarness

    /// One answer: the HTTP status and the parsed object.
    func answer(_ route: String, _ query: [(String, String)]) async throws -> (status: Int, json: [String: Any], text: String) {
        let response = try await harness.get("/namespace/" + route, query)
        let object = (try? response.json()) as? [String: Any] ?? [:]
        return (response.status, object, response.text)
    }

    /// Compares every path with `recount`; returns the mismatches and every answer's text
    /// (to compare two builds).
    func compare(with recount: NamespaceRecount) async throws -> (mismatches: [String], answers: [String]) {
        var mismatches: [String] = []
        var answers: [String] = []
        func check(_ path: String, _ expected: ExpectedTotals, delimited: Bool, kind: String) async throws {
            var query = [("path", path)]
            if delimited { query.append(("delimiter", "/")) }
            let summary = try await answer("summary", query)
            let usage = try await answer("usage", query + [("replica", "true")])
            let dist = try await answer("dist", query)
            answers += [summary.text, usage.text, dist.text]
            let counts = summary.json["countStats"] as? [String: Any]
            let got = (
                files: Self.int(counts?["numKey"]), dirs: Self.int(counts?["numDir"]), size: Self.int(usage.json["size"]),
                replicated: Self.int(usage.json["sizeWithReplica"]), bins: (dist.json["dist"] as? [Any])?.compactMap { Self.int($0) })
            if summary.json["status"] as? String != "OK" || got.files != expected.files || got.dirs != expected.directories
                || got.size != expected.bytes || got.replicated != expected.replicated || got.bins ?? [] != expected.bins {
                mismatches.append("\(kind) \(path)\(delimited ? " (delimiter)" : ""): expected \(expected), got \(got)")
            }
            if kind == "volume" || kind == "bucket" {
                let quota = try await answer("quota", query)
                answers.append(quota.text)
                if Self.int(quota.json["used"]) != expected.bytes { mismatches.append("quota \(path): \(quota.text), expected used \(expected.bytes)") }
            }
        }
        for (path, expected) in recount.plain.sorted(by: { $0.key < $1.key }) {
            let depth = path.split(separator: "/").count
            try await check(path, expected, delimited: false, kind: depth == 1 ? "volume" : depth == 2 ? "bucket" : "directory")
        }
        for (path, expected) in recount.delimited.sorted(by: { $0.key < $1.key }) {
            try await check(path, expected, delimited: true, kind: path.hasSuffix("/") ? "prefix" : "obs bucket")
        }
        let root = try await answer("summary", [("path", "/")])
        let rootUsage = try await answer("usage", [("path", "/"), ("replica", "true")])
        let rootQuota = try await answer("quota", [("path", "/")])
        let rootDist = try await answer("dist", [("path", "/")])
        answers += [root.text, rootUsage.text, rootQuota.text, rootDist.text]
        let counts = root.json["countStats"] as? [String: Any]
        if Self.int(counts?["numVolume"]) != Int64(recount.volumeCount) || Self.int(counts?["numBucket"]) != Int64(recount.bucketCount)
            || Self.int(counts?["numKey"]) != recount.root.files || Self.int(counts?["numDir"]) != recount.root.directories
            || Self.int(rootUsage.json["size"]) != recount.root.bytes || Self.int(rootUsage.json["sizeWithReplica"]) != recount.root.replicated
            || Self.int(rootQuota.json["used"]) != recount.root.replicated
            || (rootDist.json["dist"] as? [Any])?.compactMap({ Self.int($0) }) ?? [] != recount.root.bins {
            mismatches.append("root: expected \(recount.root) with \(recount.volumeCount) volumes, \(recount.bucketCount) buckets; got \(root.text) \(rootUsage.text)")
        }
        return (mismatches, answers)
    }

    /// A JSON number as Int64.
    static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
}
