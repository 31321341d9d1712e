import Foundation
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

/// container_key_mapper in the real daemon over a real `omsim serve`: empty answers
/// before the first build, then, after an omsim workload, every container's key count
/// and key list over HTTP equal a recount of omsim's final OM DB.
@Suite("container_key_mapper end to end", .serialized)
struct ContainerEndToEndTests {
    /// One container's keys as the test compares them: the key name and its versions.
    struct ListedKey: Equatable, CustomStringConvertible {
        var key: String
        var versions: [Int64]
        var description: String { "\(key)\(versions)" }
    }

    @Test func containersAndKeysOverHTTPEqualARecountAfterAnOmsimWorkload() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("ckm-e2e")
        defer { dir.remove() }
        let omDB = dir.file("om").path
        let generated = try ProcessRunner.run(
            TestPaths.product("omsim").path, ["generate", "--keys", "1500", "--seed", "21", "--out", omDB])
        try #require(generated.status == 0, "omsim generate: \(generated.output)")

        // omsim mutating its DB while recond follows it.
        let busyOM = try omsim(dir, db: omDB, port: 0, writeRate: 60)
        let omPort = try await busyOM.waitForPort()
        let recond = try DaemonProcess(
            executable: TestPaths.product("recond"), arguments: ["run", "--config", try config(dir, omPort: omPort).path],
            logFile: dir.file("recond.log"), environment: ["RECOND_TEST_STAGING_PHASE_DELAY_MS": "500"])
        defer { Task { try? await recond.stop() } }
        let client = HTTPTestClient(port: try await recond.waitForPort())

        // Before the first build switched in, both endpoints answer empty lists.
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"PROCESSING""#) }
        let early = try await client.get("/api/v1/containers")
        let earlyContainers = (try Self.object(early.body)["data"] as? [String: Any])?["containers"] as? [Any]
        #expect(early.status == 200 && earlyContainers?.isEmpty == true, "\(early)")
        let earlyKeys = try await client.get("/api/v1/containers/1/keys")
        let earlyKeyList = try Self.object(earlyKeys.body)["keys"] as? [Any]
        #expect(earlyKeys.status == 200 && earlyKeyList?.isEmpty == true, "\(earlyKeys)")

        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) && $0.contains(#""finishedAt""#) }
        try await Task.sleep(for: .seconds(3))
        try await busyOM.stop()
        let operations = busyOM.log.firstMatch(of: /stopped after (\d+) operations/).flatMap { Int($0.1) } ?? 0
        #expect(operations > 0, "omsim applied no operations")

        // The same DB served again without writes: recond catches up to its last sequence.
        let quietOM = try omsim(dir, db: omDB, port: omPort, writeRate: 0)
        _ = try await quietOM.waitForPort()
        let sequence = try #require(quietOM.log.firstMatch(of: /at sequence (\d+)/).flatMap { Int64($0.1) })
        _ = try await client.poll("/api/v1/task/status") { body in
            guard let row = body.firstMatch(of: /"taskName":"container_key_mapper"[^}]*"lastUpdatedSeqNumber":(\d+)/)
                    ?? body.firstMatch(of: /"lastUpdatedSeqNumber":(\d+)[^}]*"taskName":"container_key_mapper"/)
            else { return false }
            return (Int64(row.1) ?? 0) >= sequence
        }
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) }
        try await quietOM.stop()

        let expected = try Self.recount(omDB)
        #expect(!expected.isEmpty)
        let listed = try await Self.containers(client)
        #expect(listed == expected.mapValues { Int64($0.reduce(0) { $0 + $1.versions.count }) })
        for (container, keys) in expected.sorted(by: { $0.key < $1.key }) {
            let answer = try await client.get("/api/v1/containers/\(container)/keys?limit=-1")
            let rows = try #require(try Self.object(answer.body)["keys"] as? [[String: Any]])
            let got = rows.map { ListedKey(key: $0["Key"] as? String ?? "?", versions: ($0["Versions"] as? [NSNumber] ?? []).map(\.int64Value)) }
            #expect(got == keys, "container \(container)")
        }
        #expect(try await client.get("/api/v1/containers?limit=-1").status == 400)
        try await recond.stop()
    }

    /// `omsim serve` on `db`.
    private func omsim(_ dir: TemporaryDirectory, db: String, port: Int, writeRate: Int) throws -> DaemonProcess {
        try DaemonProcess(
            executable: TestPaths.product("omsim"),
            arguments: ["serve", "--db", db, "--port", String(port), "--write-rate", String(writeRate), "--exit-with-parent"],
            logFile: dir.file("omsim.log"))
    }

    /// A recond config following omsim over HTTP with only container_key_mapper.
    private func config(_ dir: TemporaryDirectory, omPort: Int) throws -> URL {
        let yaml = """
            server:
              address: 127.0.0.1
              port: 0
            data_dir: data
            om:
              source: ozone-http
              url: http://127.0.0.1:\(omPort)
            sync:
              interval: 200ms
            plugins:
              - name: container_key_mapper
                path: \(TestPaths.product("libReconContainerKeyMapper.so").path)
            """
        let file = dir.file("config.yaml")
        try Data(yaml.utf8).write(to: file)
        return file
    }

    /// Every container with its count, walked through `/containers` in pages of 50.
    private static func containers(_ client: HTTPTestClient) async throws -> [Int64: Int64] {
        var all: [Int64: Int64] = [:]
        var prevKey: Int64 = 0
        while true {
            let answer = try await client.get("/api/v1/containers?prevKey=\(prevKey)&limit=50")
            let data = try #require(try object(answer.body)["data"] as? [String: Any])
            let rows = try #require(data["containers"] as? [[String: Any]])
            guard !rows.isEmpty else { return all }
            for row in rows {
                let id = (row["ContainerID"] as? NSNumber)?.int64Value ?? -1
                all[id] = (row["NumberOfKeys"] as? NSNumber)?.int64Value ?? -1
                prevKey = id
            }
        }
    }

    /// Container id → keys (OM DB key order) with their versions in that container,
    /// recounted from the OM DB's keyTable and fileTable.
    private static func recount(_ path: String) throws -> [Int64: [ListedKey]] {
        let db = try RocksDB.open(
            path: path, columnFamilies: try RocksDB.listColumnFamilies(path: path),
            options: RocksDBOptions(createIfMissing: false))
        var perContainer: [Int64: [([UInt8], ListedKey)]] = [:]
        for table in ["keyTable", "fileTable"] {
            guard let cf = db.columnFamily(named: table) else { continue }
            try db.forEach(cf, start: [UInt8](), end: [UInt8]()) { key, value in
                let info = try OMKeyInfo(serializedBytes: Array(value))
                var versions: [Int64: Set<Int64>] = [:]
                for list in info.keyLocationList {
                    for location in list.keyLocations {
                        versions[location.blockID.containerBlockID.containerID, default: []].insert(Int64(list.version))
                    }
                }
                for (container, numbers) in versions {
                    perContainer[container, default: []].append((Array(key), ListedKey(key: info.keyName, versions: numbers.sorted())))
                }
                return true
            }
        }
        return perContainer.mapValues { keys in
            keys.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
        }
    }

    /// `text` parsed as a JSON object.
    private static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}
