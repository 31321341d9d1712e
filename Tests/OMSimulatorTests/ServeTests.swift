import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import SwiftProtobuf
import Testing

@Suite("omsim serve over HTTP")
struct ServeTests {
    /// `curl` output: status code and body.
    static func get(_ url: String, to file: URL) throws -> (status: Int, body: [UInt8]) {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-s", "-o", file.path, "-w", "%{http_code} %{content_type}", url])
        let status = Int(result.output.split(separator: " ").first ?? "") ?? -1
        let body = (try? Data(contentsOf: file)).map { [UInt8]($0) } ?? []
        return (status, body)
    }

    @Test("dbCheckpoint streams a tar, dbUpdates answers protobuf, 400 and 410; SIGTERM stops it",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func serve() async throws {
        let g = try GeneratedDB(keys: 600, seed: 12, label: "omsim-serve")
        defer { g.directory.remove() }
        let omsim = TestPaths.product("omsim")
        try #require(FileManager.default.isExecutableFile(atPath: omsim.path), "build omsim first")
        let daemon = try DaemonProcess(executable: omsim, arguments: ["serve", "--db", g.path, "--port", "0", "--write-rate", "200", "--exit-with-parent"],
                                       logFile: g.directory.file("omsim.log"))
        let port = try await daemon.waitForPort()
        let base = "http://127.0.0.1:\(port)"

        let tar = try Self.get(base + "/dbCheckpoint", to: g.directory.file("cp.tar"))
        #expect(tar.status == 200)
        let files = try walkTar(tar.body)
        #expect(files.contains { $0.name == "CURRENT" } && files.last?.name == "OZONE_RATIS_SNAPSHOT_COMPLETE")
        let listing = try ProcessRunner.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", base + "/dbCheckpoint"])
        #expect(listing.output.lowercased().contains("content-type: application/x-tar"))

        try await Task.sleep(for: .milliseconds(300))
        let from = g.summary.latestSequenceNumber
        let delta = try Self.get(base + "/dbUpdates?sequenceNumber=\(from)&limitCount=5", to: g.directory.file("u.bin"))
        #expect(delta.status == 200)
        let response = try OMDBUpdatesResponse(serializedBytes: delta.body)
        #expect(response.dbUpdateSuccess && !response.data.isEmpty && response.latestSequenceNumber > from)
        let first = try WriteBatchReader.withReader(response.data[0]) { $0.sequence }
        #expect(first == from + 1)

        let gone = try Self.get(base + "/dbUpdates?sequenceNumber=3&limitCount=5", to: g.directory.file("g.txt"))
        #expect(gone.status == 410)
        #expect(String(decoding: gone.body, as: UTF8.self).hasPrefix("SequenceNumberNotFound: requested 3, earliest available "))
        #expect(try Self.get(base + "/dbUpdates?limitCount=5", to: g.directory.file("b.txt")).status == 400)
        #expect(try Self.get(base + "/dbUpdates?sequenceNumber=x", to: g.directory.file("b.txt")).status == 400)
        #expect(try Self.get(base + "/dbUpdates?sequenceNumber=\(from)&limitCount=0", to: g.directory.file("b.txt")).status == 400)

        let status = try await daemon.stop(signal: SIGTERM)
        #expect(status == 0, "\(daemon.log)")
        #expect(daemon.log.contains("stopped after"))
    }
}
