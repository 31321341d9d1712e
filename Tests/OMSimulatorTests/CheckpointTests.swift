import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

@Suite("checkpoint tar")
struct CheckpointTests {
    @Test("TarWriter writes ustar headers, padding and the end blocks that tar reads")
    func tarWriter() async throws {
        var tar = TarWriter(sink: TarMemorySink())
        try await tar.addFile(name: "CURRENT", contents: Array("MANIFEST-000005\n".utf8), modificationTime: 1_700_000_000)
        try await tar.beginEntry(name: "000007.sst", size: 1030)
        try await tar.write([UInt8](repeating: 7, count: 1000))
        try await tar.write([UInt8](repeating: 8, count: 30))
        try await tar.endEntry()
        try await tar.addFile(name: "OZONE_RATIS_SNAPSHOT_COMPLETE", contents: [])
        try await tar.finish()
        let bytes = tar.sink.bytes
        let expectedSize = 6 * 512 + 1536
        #expect(bytes.count == expectedSize)
        #expect(UInt64(bytes.count) == tar.bytesWritten)
        let files = try walkTar(bytes)
        #expect(files.map(\.name) == ["CURRENT", "000007.sst", "OZONE_RATIS_SNAPSHOT_COMPLETE"])
        #expect(files[1].contents == [UInt8](repeating: 7, count: 1000) + [UInt8](repeating: 8, count: 30))

        let dir = try TestPaths.makeTemporaryDirectory("omsim-tar")
        defer { dir.remove() }
        try Data(bytes).write(to: dir.file("a.tar"))
        let listing = try ProcessRunner.run("/usr/bin/tar", ["-tvf", dir.file("a.tar").path])
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output.contains("1030") && listing.output.contains("000007.sst"))

        var bad = TarWriter(sink: TarMemorySink())
        await #expect(throws: TarWriterError.invalidName(String(repeating: "x", count: 101))) {
            try await bad.beginEntry(name: String(repeating: "x", count: 101), size: 0)
        }
        try await bad.beginEntry(name: "short", size: 10)
        try await bad.write([1, 2, 3])
        await #expect(throws: TarWriterError.sizeMismatch(name: "short", expected: 10, written: 3)) { try await bad.endEntry() }
        let huge = try TarWriter<TarMemorySink>.header(name: "big", size: 10 << 30)
        #expect(huge[124] == 0x80)
    }

    @Test("the checkpoint tar has the DB files at the top level, extracts with tar, and opens with the same contents")
    func checkpoint() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("omsim-cp")
        defer { dir.remove() }
        let om = try SimulatedOM.create(at: dir.path + "/om.db", keys: 1200, seed: 2)
        defer { om.close() }
        try om.workload.applyOperations(count: 30)
        var sink = TarMemorySink()
        try await om.writeCheckpointTar(to: &sink)
        try Data(sink.bytes).write(to: dir.file("cp.tar"))

        let listing = try ProcessRunner.run("/usr/bin/tar", ["-tf", dir.file("cp.tar").path])
        #expect(listing.status == 0)
        let names = listing.output.split(separator: "\n").map(String.init)
        #expect(names.contains("CURRENT"))
        #expect(names.contains { $0.hasPrefix("MANIFEST-") } && names.contains { $0.hasPrefix("OPTIONS-") })
        #expect(names.contains { $0.hasSuffix(".sst") })
        #expect(names.last == "OZONE_RATIS_SNAPSHOT_COMPLETE")
        #expect(names.allSatisfy { !$0.contains("/") })

        let out = dir.path + "/extracted"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let extract = try ProcessRunner.run("/usr/bin/tar", ["-xf", dir.file("cp.tar").path, "-C", out])
        #expect(extract.status == 0, "\(extract.output)")
        let extracted = try openAll(out)
        defer { extracted.close() }
        #expect(try extracted.latestSequenceNumber == om.latestSequenceNumber)
        let again = try await extractCheckpoint(om, into: dir.path + "/again")
        defer { again.close() }
        #expect(sameContents(try dumpTables(extracted), try dumpTables(again)))
        #expect(try dumpTables(extracted)["keyTable"]!.count > 500)
        // Temporary checkpoints are gone.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/om.db.checkpoints")
        #expect(leftovers.isEmpty)
    }

    @Test("a checkpoint of a freshly generated DB opens cleanly and serves deltas from its sequence")
    func freshCheckpoint() async throws {
        let g = try GeneratedDB(keys: 800, seed: 8)
        defer { g.directory.remove() }
        let om = try SimulatedOM.open(at: g.path)
        defer { om.close() }
        #expect(try om.latestSequenceNumber == g.summary.latestSequenceNumber)
        let replica = try await extractCheckpoint(om, into: g.directory.path + "/replica")
        defer { replica.close() }
        let from = try replica.latestSequenceNumber
        #expect(from == g.summary.latestSequenceNumber)
        try om.workload.applyOperations(count: 10)
        let response = try om.updates(since: from, limit: 1000)
        #expect(response.data.count == 10)
        for data in response.data { try replica.write(RocksDB.WriteBatch(data: data), sync: false) }
        #expect(try replica.latestSequenceNumber == om.latestSequenceNumber)
    }
}
