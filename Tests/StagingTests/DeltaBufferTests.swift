import Foundation
import Logging
import ReconTestSupport
import Synchronization
import Testing

@testable import ReconCore

/// The delta buffer and its overflow policy (spill to disk, in order).
@Suite("Delta buffer")
struct DeltaBufferTests {
    private func batch(_ seq: UInt64) -> OMEventBatch {
        var b = OMEventBatch(firstSequence: seq, lastSequence: seq)
        b.append(.put, table: "keyTable", key: Array("k\(seq)".utf8), value: Array(repeating: UInt8(seq & 0xFF), count: Int(seq % 7)), sequence: seq)
        b.append(.update, table: "fileTable", key: Array("f\(seq)".utf8), value: [1], oldValue: [2, 3], sequence: seq)
        b.append(.delete, table: "keyTable", key: Array("d\(seq)".utf8), value: [], sequence: seq)
        return b
    }

    private func same(_ a: OMEventBatch, _ b: OMEventBatch) -> Bool {
        a.firstSequence == b.firstSequence && a.lastSequence == b.lastSequence && a.count == b.count
            && zip(a.events, b.events).allSatisfy { x, y in
                x.action == y.action && a.table(of: x) == b.table(of: y) && x.sequence == y.sequence
                    && a.bytes(x.key) == b.bytes(y.key) && a.bytes(x.value) == b.bytes(y.value)
                    && x.oldValue.map { a.bytes($0) } == y.oldValue.map { b.bytes($0) }
            }
    }

    private func readAll(_ buffer: DeltaBuffer, from cursor: inout DeltaBuffer.Cursor) throws -> [OMEventBatch] {
        var out: [OMEventBatch] = []
        while let b = try buffer.next(&cursor) { out.append(b) }
        return out
    }

    @Test func closedBufferRefusesAndOpenBufferKeepsOrderAcrossMemoryAndSpill() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-deltas")
        defer { dir.remove() }
        let buffer = DeltaBuffer(capacity: 2, root: dir.url, logger: Logger(label: "t"))
        #expect(!buffer.offer(batch(1)))
        buffer.open()
        for s in 1...5 { #expect(buffer.offer(batch(UInt64(s)))) }
        var status = buffer.status()
        #expect(status.held == 5 && status.inMemory == 2 && status.spilled == 3 && status.overflowed == 3 && status.pending == 5)
        #expect(status.spilledBytes > 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("staging-deltas/deltas.spill").path))

        // An attempt reads part of the log while batches keep arriving.
        var cursor = DeltaBuffer.Cursor.start
        var first: [OMEventBatch] = [try #require(try buffer.next(&cursor))]
        #expect(buffer.offer(batch(6)))
        first += try readAll(buffer, from: &cursor)
        #expect(first.map(\.lastSequence) == [1, 2, 3, 4, 5, 6])
        for b in first { #expect(same(b, batch(b.lastSequence))) }

        // The next attempt replays the whole log: nothing was consumed.
        var again = DeltaBuffer.Cursor.start
        #expect(buffer.offer(batch(7)))
        #expect(try readAll(buffer, from: &again).map(\.lastSequence) == [1, 2, 3, 4, 5, 6, 7])
        status = buffer.status()
        #expect(status.held == 7 && status.inMemory == 2 && status.spilled == 5 && status.received == 7)

        // Not fully read: the switch does not run.
        var ran = false
        #expect(try !buffer.closeIfRead(upTo: cursor) { ran = true })
        #expect(!ran)
        #expect(try buffer.closeIfRead(upTo: again) { ran = true })
        #expect(ran)
        #expect(!buffer.isAccepting)
        #expect(!buffer.offer(batch(8)))
        #expect(buffer.status().held == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.file("staging-deltas").path))

        // Opened again: empty, memory first.
        buffer.open()
        #expect(buffer.offer(batch(9)))
        #expect(buffer.status().held == 1 && buffer.status().spilled == 0)
    }

    @Test func aFailedCloseKeepsTheBufferOpen() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-deltas")
        defer { dir.remove() }
        let buffer = DeltaBuffer(capacity: 2, root: dir.url, logger: Logger(label: "t"))
        buffer.open()
        struct Nope: Error {}
        #expect(throws: Nope.self) { try buffer.closeIfRead(upTo: .start) { throw Nope() } }
        #expect(buffer.isAccepting)
        #expect(buffer.offer(batch(1)))
    }

    @Test func nextOrCloseClosesAtomicallyAtTheEnd() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-deltas")
        defer { dir.remove() }
        let buffer = DeltaBuffer(capacity: 1, root: dir.url, logger: Logger(label: "t"))
        buffer.open()
        for s in 1...3 { #expect(buffer.offer(batch(UInt64(s)))) }
        var seen: [UInt64] = []
        var cursor = DeltaBuffer.Cursor.start
        while let item = try buffer.nextOrClose(cursor) {
            seen.append(item.batch.lastSequence)
            if seen.count == 2 { #expect(buffer.offer(batch(4))) }
            cursor = item.next
        }
        #expect(seen == [1, 2, 3, 4])
        #expect(!buffer.isAccepting)
        #expect(!FileManager.default.fileExists(atPath: dir.file("staging-deltas").path))
    }

    @Test func whenTheSpillFileCannotBeWrittenBatchesStayInMemoryInOrder() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-deltas")
        defer { dir.remove() }
        // A plain file where the spill directory should be: creating it fails.
        try Data("x".utf8).write(to: dir.file("staging-deltas"))
        let buffer = DeltaBuffer(capacity: 1, root: dir.url, logger: Logger(label: "t"))
        buffer.open()
        for s in 1...4 { #expect(buffer.offer(batch(UInt64(s)))) }
        let status = buffer.status()
        #expect(status.inMemory == 4 && status.spilled == 0 && status.spillError != nil)
        var cursor = DeltaBuffer.Cursor.start
        #expect(try readAll(buffer, from: &cursor).map(\.lastSequence) == [1, 2, 3, 4])
    }

    @Test func overflowDuringAReprocessSpillsAndEveryDeltaIsApplied() async throws {
        let h = try await StagingHarness()
        let view = try h.om.view()
        let r = h.reprocessor(eventBuffer: 2)
        let deltas = (0..<8).map { i in
            i % 2 == 0 ? Deltas.mixed(h.om, at: 1001 + UInt64(i) * 4, tag: "o\(i)") : Deltas.one(at: 1001 + UInt64(i) * 4)
        }
        let seen = Mutex<StagingBufferStatus?>(nil)
        let fed = Atomic<Bool>(false)
        r.faultInjector = { point in
            guard point == .reprocessChunk, !fed.exchange(true, ordering: .relaxed) else { return }
            for d in deltas { _ = r.buffer(d) }
            seen.withLock { $0 = r.status().buffer }
        }
        try await r.run(trigger: .manual, view: view)

        let during = try #require(seen.withLock { $0 })
        #expect(during.held == 8 && during.inMemory == 2 && during.spilled == 6 && during.overflowed == 6 && during.accepting)
        #expect(try h.liveOutputs() == (try h.fromScratch(view, deltas: deltas)))
        #expect(h.live.generation?.pluginStores.values.allSatisfy { $0.cursor().sequence == deltas.last!.lastSequence } == true)
        #expect(!FileManager.default.fileExists(atPath: h.generations.root.appendingPathComponent("staging-deltas").path))
        #expect(r.status().buffer.held == 0 && r.status().buffer.pending == 0)
    }
}
