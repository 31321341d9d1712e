import Foundation
import ReconTestSupport
import Testing

/// The four shipped Recon tasks in the real daemon: one staged reprocess rebuilds them
/// together through the shared scan and switches them in together, while their
/// endpoints keep answering the previous generation's full output.
@Suite("Shipped plugins, end to end", .serialized)
struct ShippedPluginsEndToEndTests {
    static let plugins = [
        ("nssummary", "ReconNSSummary"), ("file_size_count", "ReconFileSizeCount"),
        ("container_key_mapper", "ReconContainerKeyMapper"), ("table_insight", "ReconTableInsight"),
    ]
    /// One endpoint of each plugin.
    static let endpoints = [
        "/api/v1/namespace/usage?path=/", "/api/v1/utilization/fileCount", "/api/v1/containers?limit=50",
        "/api/v1/clusterState",
    ]

    private func fixture() throws -> DaemonFixture {
        let section = Self.plugins.map { name, product in
            "  - name: \(name)\n    path: \(TestPaths.product("lib\(product).so").path)"
        }.joined(separator: "\n")
        return try DaemonFixture(plugins: section, keys: 3000, writeRate: 0)
    }

    @Test func aManualReprocessRebuildsAllFourAndSwitchesThemTogetherWithoutBlankingTheAPI() async throws {
        let fixture = try fixture()
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        defer { Task { try? await daemon.stop() } }

        // The first build switched in: every endpoint answers 200 with data.
        let first = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) && $0.contains(#""finishedAt""#) }
        var baseline: [String: String] = [:]
        for path in Self.endpoints {
            let answer = try await client.get(path)
            #expect(answer.status == 200, "\(path): \(answer.body.prefix(200))")
            #expect(!answer.body.contains("INITIALIZING"), "\(path) still initializing after the first build")
            baseline[path] = answer.body
        }

        let accepted = try await client.getOrPost("/api/v1/triggerdbsync/om/reinit", method: "POST")
        #expect(accepted.status == 202)
        var changed: [String] = []
        var rounds = 0
        var staging = ""
        repeat {
            for path in Self.endpoints {
                let answer = try await client.get(path)
                if answer.status != 200 || answer.body != baseline[path] {
                    changed.append("\(path) → \(answer.status): \(answer.body.prefix(120))")
                }
            }
            rounds += 1
            staging = try await client.get("/api/v1/staging").body
        } while !(staging.contains(#""state":"NONE""#) && staging.contains(#""trigger":"manual""#) && staging != first)
        #expect(rounds > 1)
        #expect(changed.isEmpty, "answers that were not the previous generation's: \(changed.prefix(3))")

        // Every plugin took part and committed in the same switch.
        for (name, _) in Self.plugins {
            #expect(staging.contains(#""\#(name)":"caught_up""#), "\(name) did not catch up in \(staging)")
        }
        #expect(staging.contains(#""lastError":null"#) || !staging.contains(#""lastError""#))
        let rows = try await client.get("/api/v1/task/status").body
        let sequences = Self.plugins.map { name, _ -> String in
            let row = rows.firstMatch(of: try! Regex(#"\{[^}]*"taskName":"\#(name)"[^}]*\}"#)).map { String($0.0) } ?? ""
            return row.firstMatch(of: /"lastUpdatedSeqNumber":(\d+)/).map { String($0.1) } ?? "missing"
        }
        #expect(Set(sequences).count == 1 && !sequences.contains("missing"), "task rows after the switch: \(rows)")

        // The rebuilt answers equal the first build's (the OM did not change).
        for path in Self.endpoints {
            let answer = try await client.get(path)
            #expect(answer.body == baseline[path], "\(path) differs after the rebuild")
        }
    }
}
