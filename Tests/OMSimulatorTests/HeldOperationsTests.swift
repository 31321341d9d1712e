import Foundation
@testable import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import Testing

@Suite("operations held from readers, then published")
struct HeldOperationsTests {
    @Test("held operations stay out of the latest sequence and the deltas until published, in order")
    func heldThenPublished() throws {
        let dir = try TestPaths.makeTemporaryDirectory("omsim-held")
        defer { dir.remove() }
        let om = try SimulatedOM.create(at: dir.path + "/om.db", keys: 300, seed: 5)
        defer { om.close() }
        let start = try om.latestSequenceNumber

        try om.holdOperations(30)
        let written = try om.rocksDB.latestSequenceNumber
        #expect(written > start)
        #expect(om.heldOperations == 30)
        #expect(try om.latestSequenceNumber == start)
        let hidden = try om.updates(since: start, limit: 1_000_000)
        #expect(hidden.data.isEmpty)
        #expect(hidden.latestSequenceNumber == start)
        #expect(throws: OMSimulatorError.operationsHeld(30)) { try om.createCheckpoint(at: dir.path + "/cp") }

        // Ten published: exactly ten whole batches, ending where the visible sequence ends.
        #expect(om.publishHeldOperations(10) == 10)
        let visible = try om.latestSequenceNumber
        #expect(visible > start && visible < written)
        let first = try om.updates(since: start, limit: 1_000_000)
        #expect(first.data.count == 10)
        #expect(first.latestSequenceNumber == visible)
        #expect(try Self.lastSequence(of: first) == visible)

        // Asking for more than is held publishes the rest and ends the hold.
        #expect(om.publishHeldOperations(100) == 20)
        #expect(om.heldOperations == 0)
        #expect(try om.latestSequenceNumber == written)
        let rest = try om.updates(since: visible, limit: 1_000_000)
        #expect(rest.data.count == 20)
        #expect(try Self.lastSequence(of: rest) == written)
        #expect(om.publishHeldOperations(1) == 0)
        try om.createCheckpoint(at: dir.path + "/cp")
    }

    @Test("a later hold adds to one not yet published; publishing everything ends it at once")
    func holdsAddUpAndPublishAll() throws {
        let dir = try TestPaths.makeTemporaryDirectory("omsim-held-all")
        defer { dir.remove() }
        let om = try SimulatedOM.create(at: dir.path + "/om.db", keys: 200, seed: 6)
        defer { om.close() }
        let start = try om.latestSequenceNumber
        var reports: [Int] = []
        try om.holdOperations(5) { reports.append($0) }
        try om.holdOperations(7)
        #expect(reports == [5])
        #expect(om.heldOperations == 12)
        #expect(om.publishHeldOperations(4) == 4)
        #expect(om.heldOperations == 8)
        #expect(om.publishAllHeldOperations() == 8)
        #expect(om.heldOperations == 0)
        #expect(try om.latestSequenceNumber == om.rocksDB.latestSequenceNumber)
        #expect(try om.updates(since: start, limit: 1_000_000).data.count == 12)
        #expect(throws: OMSimulatorError.invalidArgument("the count of operations to hold must be positive")) {
            try om.holdOperations(0)
        }
    }

    /// The last sequence number of the response's last batch.
    private static func lastSequence(of response: OMDBUpdatesResponse) throws -> UInt64 {
        let last = try #require(response.data.last)
        return try [UInt8](last).withUnsafeBytes { raw in try #require(try WriteBatchReader(raw).lastSequence) }
    }
}
