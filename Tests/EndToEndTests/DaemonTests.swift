import Foundation
import ReconTestSupport
import Testing

/// `recond` as a real process on a loopback port.
@Suite("recond daemon", .serialized)
struct DaemonTests {
    @Test func servesHealthStatusMetricsAndPluginRoutesThenStopsGracefully() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())

        #expect(try await client.get("/healthz") == (200, #"{"status":"ok"}"#))
        let ready = try await client.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.body.contains(#""ready":true"#))

        let status = try await client.get("/api/v1/task/status")
        #expect(status.status == 200)
        let rows = try JSONSerialization.jsonObject(with: Data(status.body.utf8)) as? [[String: Any]] ?? []
        #expect(rows.compactMap { $0["taskName"] as? String } == [
            "OmDeltaRequest", "OmSnapshotRequest", "REPROCESS_STAGING", "hello_c", "swift_counter",
        ])
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == [
            "taskName", "lastUpdatedTimestamp", "lastUpdatedSeqNumber", "lastTaskRunStatus", "isCurrentTaskRunning",
        ])

        let hello = try await client.get("/api/v1/examples/hello_c")
        #expect(hello.status == 200)
        #expect(hello.body.hasPrefix(#"{"greeting":"hello from the test","tables":["#))
        #expect(try await client.get("/api/v1/examples/swift_counter").status == 200)
        #expect(try await client.get("/api/v1/no/such/route").status == 404)

        let metrics = try await client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("recon_plugin_swift_counter_events_total"))

        let exitStatus = try await daemon.stop(signal: SIGTERM)
        #expect(exitStatus == 0, "recond exited with \(exitStatus) after SIGTERM; its log:\n\(daemon.log)")
        #expect(daemon.log.contains("kernel stopped"))
    }

    @Test func theEmbeddedOMFeedsThePluginsThroughASnapshotAStagedReprocessAndDeltas() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        defer { Task { try? await daemon.stop() } }

        // The snapshot's staged reprocess fills hello_c (it supports reprocess)...
        let hello = try await client.poll("/api/v1/examples/hello_c") { $0.contains(#""table":"keyTable""#) }
        #expect(hello.contains(#""table":"fileTable""#))
        // ...the switch is visible in the staging status (the new generation answers from
        // the handle swap on, a moment before the run is marked done)...
        let staging = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) }
        #expect(staging.contains(#""state":"NONE""#))
        #expect(staging.contains(#""trigger":"snapshotInstalled""#))
        // ...and the workload's deltas reach swift_counter (it only counts deltas).
        _ = try await client.poll("/api/v1/examples/swift_counter") { $0.contains(#""PUT":"#) }
        let sync = try await client.get("/api/v1/sync/status")
        #expect(sync.body.contains(#""snapshotCount":1"#))
        #expect(try await client.get("/api/v1/triggerdbsync/om").status == 200)
    }

    @Test func tokensGive401WithoutAToken403ForReadOnlyOnAdminAnd200Otherwise() async throws {
        let fixture = try DaemonFixture(serverExtra: """
              tokens:
                - token: admin-secret-1
                  role: admin
                - token: reader-secret-1
                  role: read-only
            """)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        defer { Task { try? await daemon.stop() } }

        // No token, or an unknown one: 401 on every API path.
        #expect(try await client.get("/api/v1/task/status").status == 401)
        #expect(try await client.get("/api/v1/examples/hello_c").status == 401)
        #expect(try await client.get("/api/v1/task/status", token: "wrong-token").status == 401)
        #expect(try await client.get("/metrics").status == 401)
        // Health checks and the console page (no data; its API calls carry a token) stay open.
        #expect(try await client.get("/healthz").status == 200)
        #expect(try await client.get("/readyz").status == 200)
        let console = try await client.get("/")
        #expect(console.status == 200)
        #expect(console.body.contains("<title>recond console</title>"))

        // Read-only: 403 on Recon's admin-only endpoints and admin plugin routes, 200 elsewhere.
        let forbidden = try await client.get("/api/v1/task/status", token: "reader-secret-1")
        #expect(forbidden.status == 403)
        #expect(forbidden.body.contains("needs an admin token"))
        #expect(try await client.get("/api/v1/examples/swift_counter/admin", token: "reader-secret-1").status == 403)
        #expect(try await client.get("/api/v1/examples/swift_counter", token: "reader-secret-1").status == 200)
        #expect(try await client.get("/metrics", token: "reader-secret-1").status == 200)

        // Admin: 200 everywhere.
        #expect(try await client.get("/api/v1/task/status", token: "admin-secret-1").status == 200)
        #expect(try await client.get("/api/v1/examples/swift_counter/admin", token: "admin-secret-1") == (200, #"{"ok":true}"#))
    }

    @Test func refusesToStartWhenAPluginIsRefusedAndSaysWhy() async throws {
        let fixture = try DaemonFixture(plugins: """
              - name: ghost
                path: /nonexistent/libghost.so
            """)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        #expect(try await daemon.waitForExit() == 1)
        #expect(daemon.log.contains("plugin 'ghost' (/nonexistent/libghost.so): file not found"))
        #expect(!daemon.log.contains("serving on"))
    }

    @Test func checkConfigPrintsOKOrEveryErrorWithLineAndColumn() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let good = dir.file("good.yaml")
        try Data("server:\n  port: 9999\n".utf8).write(to: good)
        let ok = try ProcessRunner.run(TestPaths.product("recond").path, ["check-config", good.path])
        #expect(ok.status == 0)
        #expect(ok.output == "OK\n")

        let bad = dir.file("bad.yaml")
        try Data("server:\n  port: 70000\nsync:\n  intervall: 5s\n".utf8).write(to: bad)
        let result = try ProcessRunner.run(TestPaths.product("recond").path, ["check-config", bad.path])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("\(bad.path):2:9: server.port:") == true)
        #expect(lines.last?.hasPrefix("\(bad.path):4:3: sync.intervall: unknown key") == true)
    }

    @Test func pluginsCommandListsNameVersionABITablesAndRoutes() throws {
        let fixture = try DaemonFixture()
        defer { fixture.dir.remove() }
        let result = try ProcessRunner.run(TestPaths.product("recond").path, ["plugins", "--config", fixture.configFile.path])
        #expect(result.status == 0)
        #expect(result.output.contains("hello_c 1.0.0  ABI 1.1  built with c"))
        #expect(result.output.contains("swift_counter 1.0.0  ABI 1.1  built with swift-6.3.1"))
        #expect(result.output.contains("kv tables: counts"))
        #expect(result.output.contains("route:     GET /api/v1/examples/swift_counter/admin  (admin)"))
    }
}
