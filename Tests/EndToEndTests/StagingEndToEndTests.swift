import Foundation
import ReconTestSupport
import Testing

/// Staged reprocessing seen from outside: the real daemon, its HTTP API, SIGKILL.
/// The embedded OM writes nothing here (write_rate 0), so every rebuild of the same
/// namespace must give the same answer.
@Suite("Staged reprocess, end to end", .serialized)
struct StagingEndToEndTests {
    static let keys = 1500
    static let pauseEnvironment = ["RECOND_TEST_STAGING_PHASE_DELAY_MS": "600"]

    /// hello_c's answer once the first reprocess committed, from a clean start.
    private func cleanRebuild() async throws -> String {
        let fixture = try DaemonFixture(keys: Self.keys, writeRate: 0)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        let answer = try await waitForCommittedOutput(client)
        try await daemon.stop()
        return answer
    }

    /// Waits until the first staged reprocess committed and returns hello_c's answer.
    private func waitForCommittedOutput(_ client: HTTPTestClient) async throws -> String {
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) && $0.contains(#""finishedAt""#) }
        return try await client.poll("/api/v1/examples/hello_c") { $0.contains(#""table":"keyTable""#) }
    }

    @Test func everyStateIsVisibleAndTheAPINeverBlanksDuringAManualReprocess() async throws {
        let fixture = try DaemonFixture(keys: Self.keys, writeRate: 0)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon(environment: Self.pauseEnvironment)
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        defer { Task { try? await daemon.stop() } }
        let baseline = try await waitForCommittedOutput(client)

        // Recon's reinit: 202 ACCEPTED, then 409 RETRY while it runs.
        let (_, firstStaging) = try await client.get("/api/v1/staging")
        let accepted = try await client.getOrPost("/api/v1/triggerdbsync/om/reinit", method: "POST")
        #expect(accepted.status == 202)
        #expect(accepted.body.contains(#""status":"ACCEPTED""#))
        let busy = try await client.getOrPost("/api/v1/triggerdbsync/om/reinit", method: "POST")
        #expect(busy.status == 409)
        #expect(busy.body.contains(#""status":"RETRY""#))

        // Sample the staging state in its own task (a slow plugin answer must not hide a
        // state), and poll the plugin until the reprocess is over.
        let sampler = Task { () -> [String] in
            var states: [String] = []
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                if let staging = try? await client.get("/api/v1/staging").body,
                    let state = staging.firstMatch(of: /"state":"([A-Z_]+)"/)?.1, states.last != String(state)
                {
                    states.append(String(state))
                    if states.contains("COMMITTED") && state == "NONE" && staging != firstStaging { break }
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return states
        }
        var answers = 0, blanks: [String] = []
        while !sampler.isCancelled {
            let answer = try await client.get("/api/v1/examples/hello_c")
            answers += 1
            if answer.status != 200 || answer.body != baseline { blanks.append("\(answer.status): \(answer.body.prefix(120))") }
            let staging = try await client.get("/api/v1/staging").body
            if staging.contains(#""state":"NONE""#) && staging != firstStaging && staging.contains(#""trigger":"manual""#) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let states = await sampler.value
        #expect(states.filter { $0 != "NONE" } == [
            "INITIALIZING", "PROCESSING", "CATCHING_UP", "READY_TO_COMMIT", "COMMITTING", "COMMITTED",
        ])
        #expect(states.last == "NONE")
        #expect(answers > 10)
        #expect(blanks.isEmpty, "answers that were not the full previous output: \(blanks.prefix(3))")
        let status = try await client.get("/api/v1/staging").body
        #expect(status.contains(#""trigger":"manual""#))
        #expect(status.contains(#""lastSwitchPauseMillis""#))
    }

    @Test(arguments: ["INITIALIZING", "PROCESSING", "CATCHING_UP", "READY_TO_COMMIT", "COMMITTING", "COMMITTED"])
    func sigkillInAPhaseThenRestartGivesTheSameOutputAsACleanRebuild(phase: String) async throws {
        let expected = try await cleanRebuild()
        let fixture = try DaemonFixture(keys: Self.keys, writeRate: 0)
        defer { fixture.dir.remove() }

        let first = try fixture.startDaemon(environment: Self.pauseEnvironment)
        let client = HTTPTestClient(port: try await first.waitForPort())
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"\#(phase)""#) }
        #expect(try await first.stop(signal: SIGKILL) == SIGKILL)

        let second = try fixture.startDaemon()
        let restarted = HTTPTestClient(port: try await second.waitForPort())
        let output = try await waitForCommittedOutput(restarted)
        #expect(output == expected)
        try await second.stop()

        // One whole generation is left (leftovers and the retired one are gone).
        let tasks = fixture.dir.file("data/tasks")
        let generations = try FileManager.default.contentsOfDirectory(atPath: tasks.path).filter { $0.hasPrefix("gen-") }
        let current = try String(contentsOf: tasks.appendingPathComponent("CURRENT"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(generations == [current])
    }

    @Test func aPluginFailingABatchTwiceIsRebuiltByAStagedReprocess() async throws {
        // swift_counter fails its first two batches touching keyTable (the retry included).
        let fixture = try DaemonFixture(plugins: """
              - name: swift_counter
                path: \(TestPaths.product("libReconExampleSwiftCounter.so").path)
                config: { fail_on_table: keyTable, fail_times: 2 }
            """, keys: 300, writeRate: 50)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        defer { Task { try? await daemon.stop() } }
        let staging = try await client.poll("/api/v1/staging") {
            $0.contains(#""trigger":"taskFailures""#) && $0.contains(#""state":"NONE""#)
        }
        #expect(staging.contains(#""finishedAt""#))
        _ = try await client.poll("/readyz") { $0.contains(#""swift_counter":"active""#) }
        #expect(daemon.log.contains("failed batch"))
    }

    @Test func aNewlyEnabledPluginTriggersAStagedReprocessAtRestart() async throws {
        let fixture = try DaemonFixture(keys: 300, writeRate: 0)
        defer { fixture.dir.remove() }
        // First run: hello_c only.
        let config = try String(contentsOf: fixture.configFile, encoding: .utf8)
        var lines = config.split(separator: "\n", omittingEmptySubsequences: false)
        if let i = lines.firstIndex(where: { $0.contains("name: swift_counter") }) { lines.removeSubrange(i...(i + 1)) }
        let helloOnly = lines.joined(separator: "\n")
        #expect(helloOnly != config)
        try Data(helloOnly.utf8).write(to: fixture.configFile)
        let first = try fixture.startDaemon()
        _ = try await waitForCommittedOutput(HTTPTestClient(port: try await first.waitForPort()))
        try await first.stop()

        // Second run: swift_counter enabled too.
        try Data(config.utf8).write(to: fixture.configFile)
        let second = try fixture.startDaemon()
        let client = HTTPTestClient(port: try await second.waitForPort())
        let staging = try await client.poll("/api/v1/staging") {
            $0.contains(#""trigger":"pluginChanged""#) && $0.contains(#""state":"NONE""#) && $0.contains(#""finishedAt""#)
        }
        #expect(staging.contains(#""swift_counter""#))
        try await second.stop()
    }

    @Test func sigtermDuringAStagedReprocessStopsCleanly() async throws {
        let fixture = try DaemonFixture(keys: Self.keys, writeRate: 0)
        defer { fixture.dir.remove() }
        let daemon = try fixture.startDaemon(environment: Self.pauseEnvironment)
        let client = HTTPTestClient(port: try await daemon.waitForPort())
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"INITIALIZING""#) }
        #expect(try await daemon.stop(signal: SIGTERM) == 0)
        // The reprocess was cancelled and finished before the kernel destroyed the plugins.
        let log = daemon.log
        let cancelled = try #require(log.range(of: "cancelled: recond is stopping"))
        let stopped = try #require(log.range(of: "kernel stopped"))
        #expect(cancelled.lowerBound < stopped.lowerBound)
        #expect(!log.contains("crashed"))
        // The interrupted reprocess left nothing behind but the live generation.
        let tasks = fixture.dir.file("data/tasks")
        let generations = try FileManager.default.contentsOfDirectory(atPath: tasks.path).filter { $0.hasPrefix("gen-") }
        #expect(generations.count == 1)
    }
}
