import AsyncHTTPClient
import Foundation
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

/// omsim and recond as real processes: recond follows omsim's write workload over HTTP,
/// and once both are quiet every bucket's namespace answer equals a recount of omsim's DB.
@Suite("namespace endpoints end to end")
struct NamespaceEndToEndTests {
    @Test func namespaceAnswersMatchARecountAfterAnOMSimWriteWorkload() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("nssummary-e2e")
        defer { dir.remove() }
        let omDB = dir.file("om-db").path
        let generated = try Process.run(TestPaths.product("omsim"), arguments: ["generate", "--keys", "1500", "--seed", "17", "--out", omDB])
        generated.waitUntilExit()
        #expect(generated.terminationStatus == 0)
        let omsim = try DaemonProcess(
            executable: TestPaths.product("omsim"),
            arguments: ["serve", "--db", omDB, "--port", "0", "--address", "127.0.0.1", "--write-rate", "200", "--exit-with-parent"],
            logFile: dir.file("omsim.log"))
        let omPort = try await omsim.waitForPort()
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
              - name: nssummary
                path: \(TestPaths.product("libReconNSSummary.so").path)
            """
        try Data(yaml.utf8).write(to: dir.file("config.yaml"))
        let recond = try DaemonProcess(
            executable: TestPaths.product("recond"), arguments: ["run", "--config", dir.file("config.yaml").path],
            logFile: dir.file("recond.log"))
        let client = HTTPTestClient(port: try await recond.waitForPort())
        _ = try await client.poll("/api/v1/namespace/summary?path=/") { $0.contains(#""status":"OK""#) }

        // Let the workload write for a while, then stop it and wait until recond has it all.
        try await Task.sleep(for: .seconds(3))
        var stop = HTTPClientRequest(url: "http://127.0.0.1:\(omPort)/workload?opsPerSecond=0")
        stop.method = .PUT
        let stopped = try await HTTPClient.shared.execute(stop, timeout: .seconds(30))
        let status = try JSONSerialization.jsonObject(with: Data(buffer: try await stopped.body.collect(upTo: 1 << 20))) as? [String: Any]
        let target = try #require((status?["latestSequenceNumber"] as? NSNumber)?.int64Value)
        let operations = (status?["operations"] as? NSNumber)?.intValue ?? 0
        #expect(operations > 0, "the workload wrote nothing")
        _ = try await client.poll("/api/v1/task/status") { body in
            guard let rows = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else { return false }
            return rows.contains { $0["taskName"] as? String == "nssummary" && ((($0["lastUpdatedSeqNumber"] as? NSNumber)?.int64Value ?? 0) >= target) }
        }
        try await omsim.stop()

        let expected = try Self.recount(omDB)
        for (path, totals) in expected.sorted(by: { $0.key < $1.key }) {
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? path
            let summary = try await client.get("/api/v1/namespace/summary?path=\(encoded)")
            let usage = try await client.get("/api/v1/namespace/usage?path=\(encoded)&replica=true")
            let s = try JSONSerialization.jsonObject(with: Data(summary.body.utf8)) as? [String: Any]
            let u = try JSONSerialization.jsonObject(with: Data(usage.body.utf8)) as? [String: Any]
            let counts = s?["countStats"] as? [String: Any]
            let got = [counts?["numKey"], counts?["numDir"], u?["size"], u?["sizeWithReplica"]].map { ($0 as? NSNumber)?.int64Value }
            #expect(got == [totals.files, totals.dirs, totals.bytes, totals.replicated], "\(path): \(summary.body) \(usage.body)")
        }
        try await recond.stop()
    }

    /// Files, directories, bytes and replicated bytes per bucket and for the root, counted
    /// from the OM DB (LEGACY buckets flat, as with the plugin's default config).
    static func recount(_ path: String) throws -> [String: (files: Int64, dirs: Int64, bytes: Int64, replicated: Int64)] {
        let db = try RocksDB.open(path: path, columnFamilies: RocksDB.listColumnFamilies(path: path),
                                  options: RocksDBOptions(blockCacheBytes: 0, createIfMissing: false))
        func rows(_ table: String, _ visit: (UnsafeRawBufferPointer) throws -> Void) throws {
            guard let cf = db.columnFamily(named: table) else { return }
            try db.forEach(cf) { _, value in
                try visit(value)
                return true
            }
        }
        var buckets: [(path: String, id: UInt64, layout: OMBucketLayoutProto)] = []
        try rows("bucketTable") { v in
            let b = try OMBucketInfo(serializedBytes: Array(v))
            buckets.append(("/\(b.volumeName)/\(b.bucketName)", b.objectID, b.hasBucketLayout ? b.bucketLayout : .legacy))
        }
        var children: [UInt64: [UInt64]] = [:]
        try rows("directoryTable") { v in
            let d = try OMDirectoryInfo(serializedBytes: Array(v))
            children[d.parentID, default: []].append(d.objectID)
        }
        var files: [UInt64: [(UInt64, UInt64)]] = [:]
        try rows("fileTable") { v in
            let k = try OMKeyInfo(serializedBytes: Array(v))
            files[k.parentID, default: []].append((k.dataSize, k.replicatedSize))
        }
        var named: [String: [(UInt64, UInt64)]] = [:]
        try rows("keyTable") { v in
            let k = try OMKeyInfo(serializedBytes: Array(v))
            named["/\(k.volumeName)/\(k.bucketName)", default: []].append((k.dataSize, k.replicatedSize))
        }
        var out: [String: (files: Int64, dirs: Int64, bytes: Int64, replicated: Int64)] = [:]
        var root: (files: Int64, dirs: Int64, bytes: Int64, replicated: Int64) = (0, 0, 0, 0)
        for bucket in buckets {
            var t: (files: Int64, dirs: Int64, bytes: Int64, replicated: Int64) = (0, 0, 0, 0)
            var stack = [bucket.id]
            let sizes: [(UInt64, UInt64)]
            if bucket.layout == .fileSystemOptimized {
                var all: [(UInt64, UInt64)] = []
                while let id = stack.popLast() {
                    all += files[id] ?? []
                    let below = children[id] ?? []
                    t.dirs += Int64(below.count)
                    stack += below
                }
                sizes = all
            } else {
                sizes = named[bucket.path] ?? []
            }
            for (size, replicated) in sizes {
                t.files += 1
                t.bytes += Int64(size)
                t.replicated += Int64(replicated)
            }
            out[bucket.path] = t
            root = (root.files + t.files, root.dirs + t.dirs, root.bytes + t.bytes, root.replicated + t.replicated)
        }
        out["/"] = root
        return out
    }
}
