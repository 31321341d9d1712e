import Foundation
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

/// file_size_count and table_insight in the real daemon over a real `omsim serve`:
/// empty answers before the first build, then, after an omsim workload, the file
/// counts, cluster state and key summaries over HTTP equal a recount of omsim's final
/// OM DB.
@Suite("Insight plugins end to end", .serialized)
struct InsightEndToEndTests {
    /// What the test recounts from the OM DB.
    struct Recount {
        /// "volume/bucket/fileSize" → files.
        var fileCounts: [String: Int64] = [:]
        /// Table → rows (deletedTable: listed keys).
        var rows: [String: Int64] = [:]
        /// Table → (logical bytes, replicated bytes) for the four size-tracked tables.
        var bytes: [String: (Int64, Int64)] = [:]
    }

    @Test func fileCountsAndClusterStateOverHTTPEqualARecountAfterAnOmsimWorkload() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("insight-e2e")
        defer { dir.remove() }
        let omDB = dir.file("om").path
        let generated = try ProcessRunner.run(
            TestPaths.product("omsim").path, ["generate", "--keys", "1500", "--seed", "23", "--out", omDB])
        try #require(generated.status == 0, "omsim generate: \(generated.output)")

        let busyOM = try omsim(dir, db: omDB, port: 0, writeRate: 80)
        let omPort = try await busyOM.waitForPort()
        let recond = try DaemonProcess(
            executable: TestPaths.product("recond"), arguments: ["run", "--config", try config(dir, omPort: omPort).path],
            logFile: dir.file("recond.log"), environment: ["RECOND_TEST_STAGING_PHASE_DELAY_MS": "500"])
        defer { Task { try? await recond.stop() } }
        let client = HTTPTestClient(port: try await recond.waitForPort())

        // Before the first build switched in: no rows, zero counts.
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"PROCESSING""#) }
        let early = try await client.get("/api/v1/utilization/fileCount")
        #expect(early.status == 200 && early.body == "[]", "\(early)")
        let earlyCluster = try Self.object(try await client.get("/api/v1/clusterState").body)
        #expect(Self.int(earlyCluster["volumes"]) == 0 && Self.int(earlyCluster["keys"]) == 0, "\(earlyCluster)")

        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) && $0.contains(#""finishedAt""#) }
        try await Task.sleep(for: .seconds(3))
        try await busyOM.stop()

        // The same DB served again without writes: recond catches up to its last sequence.
        let quietOM = try omsim(dir, db: omDB, port: omPort, writeRate: 0)
        _ = try await quietOM.waitForPort()
        let sequence = try #require(quietOM.log.firstMatch(of: /at sequence (\d+)/).flatMap { Int64($0.1) })
        for task in ["file_size_count", "table_insight"] {
            _ = try await client.poll("/api/v1/task/status") { body in
                guard let row = body.firstMatch(of: try! Regex(#"\{[^}]*"taskName":"\#(task)"[^}]*\}"#)),
                      let seq = String(row.0).firstMatch(of: /"lastUpdatedSeqNumber":(\d+)/)
                else { return false }
                return (Int64(seq.1) ?? 0) >= sequence
            }
        }
        _ = try await client.poll("/api/v1/staging") { $0.contains(#""state":"NONE""#) }
        try await quietOM.stop()

        let expected = try Self.recount(omDB)
        #expect(!expected.fileCounts.isEmpty)

        let counts = try #require(try JSONSerialization.jsonObject(
            with: Data(try await client.get("/api/v1/utilization/fileCount").body.utf8)) as? [[String: Any]])
        var listed: [String: Int64] = [:]
        for row in counts {
            listed["\(row["volume"] as? String ?? "?")/\(row["bucket"] as? String ?? "?")/\(Self.int(row["fileSize"]) ?? -1)"] = Self.int(row["count"])
        }
        #expect(listed == expected.fileCounts)

        func rows(_ t: String) -> Int64 { expected.rows[t] ?? 0 }
        func bytes(_ t: String) -> (Int64, Int64) { expected.bytes[t] ?? (0, 0) }
        let cluster = try Self.object(try await client.get("/api/v1/clusterState").body)
        #expect(Self.int(cluster["volumes"]) == rows("volumeTable"))
        #expect(Self.int(cluster["buckets"]) == rows("bucketTable"))
        #expect(Self.int(cluster["keys"]) == rows("keyTable") + rows("fileTable"))
        #expect(Self.int(cluster["keysPendingDeletion"]) == rows("deletedTable"))
        #expect(Self.int(cluster["deletedDirs"]) == rows("deletedDirectoryTable"))

        let open = try Self.object(try await client.get("/api/v1/keys/open/summary").body)
        #expect(Self.int(open["totalOpenKeys"]) == rows("openKeyTable") + rows("openFileTable"))
        #expect(Self.int(open["totalUnreplicatedDataSize"]) == bytes("openKeyTable").0 + bytes("openFileTable").0)
        #expect(Self.int(open["totalReplicatedDataSize"]) == bytes("openKeyTable").1 + bytes("openFileTable").1)
        let deleted = try Self.object(try await client.get("/api/v1/keys/deletePending/summary").body)
        #expect(Self.int(deleted["totalDeletedKeys"]) == rows("deletedTable"))
        #expect(Self.int(deleted["totalUnreplicatedDataSize"]) == bytes("deletedTable").0)
        #expect(Self.int(deleted["totalReplicatedDataSize"]) == bytes("deletedTable").1)
        let mpu = try Self.object(try await client.get("/api/v1/keys/open/mpu/summary").body)
        #expect(Self.int(mpu["totalOpenMPUKeys"]) == rows("multipartInfoTable"))
        #expect(Self.int(mpu["totalDataSize"]) == bytes("multipartInfoTable").0)
        let dirs = try Self.object(try await client.get("/api/v1/keys/deletePending/dirs/summary").body)
        #expect(Self.int(dirs["totalDeletedDirectories"]) == rows("deletedDirectoryTable"))
        let volumes = try Self.object(try await client.get("/api/v1/volumes").body)
        #expect(Self.int(volumes["totalCount"]) == rows("volumeTable"))

        #expect(try await client.get("/api/v1/utilization/fileCount?fileSize=abc").status == 400)
        #expect(try await client.get("/api/v1/buckets?limit=0").status == 400)
        try await recond.stop()
    }

    /// `omsim serve` on `db`.
    private func omsim(_ dir: TemporaryDirectory, db: String, port: Int, writeRate: Int) throws -> DaemonProcess {
        try DaemonProcess(
            executable: TestPaths.product("omsim"),
            arguments: ["serve", "--db", db, "--port", String(port), "--write-rate", String(writeRate), "--exit-with-parent"],
            logFile: dir.file("omsim.log"))
    }

    /// A recond config following omsim over HTTP with the two insight plugins.
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
              - name: file_size_count
                path: \(TestPaths.product("libReconFileSizeCount.so").path)
              - name: table_insight
                path: \(TestPaths.product("libReconTableInsight.so").path)
            """
        let file = dir.file("config.yaml")
        try Data(yaml.utf8).write(to: file)
        return file
    }

    /// Recounts file bins, table rows and size totals from the OM DB at `path`.
    private static func recount(_ path: String) throws -> Recount {
        let db = try RocksDB.open(
            path: path, columnFamilies: try RocksDB.listColumnFamilies(path: path),
            options: RocksDBOptions(createIfMissing: false))
        var out = Recount()
        for cf in db.columnFamilies where cf.name != "default" {
            var rows: Int64 = 0
            var logical: Int64 = 0
            var replicated: Int64 = 0
            try db.forEach(cf, start: [UInt8](), end: [UInt8]()) { _, value in
                switch cf.name {
                case "keyTable", "fileTable":
                    let info = try OMKeyInfo(serializedBytes: Array(value))
                    rows += 1
                    out.fileCounts["\(info.volumeName)/\(info.bucketName)/\(binUpperBound(info.dataSize))", default: 0] += 1
                case "openKeyTable", "openFileTable":
                    let info = try OMKeyInfo(serializedBytes: Array(value))
                    rows += 1
                    logical += Int64(info.dataSize)
                    replicated += Int64(info.replicatedSize)
                case "deletedTable":
                    for info in try OMRepeatedKeyInfo(serializedBytes: Array(value)).keyInfo {
                        rows += 1
                        logical += Int64(info.dataSize)
                        replicated += Int64(info.replicatedSize)
                    }
                case "multipartInfoTable":
                    rows += 1
                    for part in try OMMultipartKeyInfo(serializedBytes: Array(value)).partKeyInfoList {
                        logical += Int64(part.partKeyInfo.dataSize)
                        replicated += Int64(part.partKeyInfo.replicatedSize)
                    }
                default:
                    rows += 1
                }
                return true
            }
            out.rows[cf.name] = rows
            out.bytes[cf.name] = (logical, replicated)
        }
        return out
    }

    /// Recon's bin upper bound: the smallest power of two >= size, at least 1024;
    /// Long.MAX_VALUE from 1 PiB up.
    private static func binUpperBound(_ size: UInt64) -> Int64 {
        if size >= 1 << 50 { return Int64.max }
        var bound: UInt64 = 1024
        while bound < size { bound <<= 1 }
        return Int64(bound)
    }

    /// `text` parsed as a JSON object.
    private static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// A JSON number as Int64.
    private static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
}
