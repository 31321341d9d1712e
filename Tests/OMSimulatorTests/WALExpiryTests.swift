import Foundation
@testable import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

@Suite("WAL retention")
struct WALExpiryTests {
    @Test("when RocksDB drops WAL files past their TTL, older sequence numbers are not found")
    func ttlExpiry() async throws {
        let dir = try TestPaths.makeTemporaryDirectory("omsim-ttl")
        defer { dir.remove() }
        let om = try SimulatedOM.create(at: dir.path + "/om.db", keys: 300, seed: 3, options: SimulatedOMOptions(walTTLSeconds: 1))
        defer { om.close() }
        let start = try om.latestSequenceNumber
        try om.workload.applyOperations(count: 20)
        // Within the TTL the flushed WAL is archived and still served.
        try om.database.db.flush()
        #expect(try om.updates(since: start, limit: 1000).data.count == 20)
        try await Task.sleep(for: .milliseconds(2500))
        try om.workload.applyOperations(count: 20)
        // The next flush purges archived WAL files older than the TTL.
        try om.database.db.flush()
        let earliest = try om.earliestServableSequenceNumber()
        #expect(earliest > start)
        #expect(throws: OMSimulatorError.sequenceNumberNotFound(requested: start, earliestAvailable: earliest)) {
            try om.updates(since: start, limit: 1000)
        }
        #expect(try om.updates(since: earliest, limit: 1000).dbUpdateSuccess)
    }
}
