import Foundation
import OzoneFormat
@testable import ReconCore
import Testing

@Suite("A delta response applied in slices")
struct DeltaSlicesTests {
    /// A batch starting at `sequence` with `count` puts.
    private func batch(_ sequence: UInt64, _ count: Int) -> [UInt8] {
        var b = WriteBatchBuilder(sequence: sequence)
        for i in 0..<count { b.put(key: Array("k\(sequence)-\(i)".utf8), value: [1]) }
        return b.bytes
    }

    @Test("whole batches in order, at most the bound per slice unless one batch alone exceeds it")
    func slicesPartitionTheResponse() {
        let counts = [3, 4, 2, 9, 1, 1, 1, 12, 5]
        var batches: [[UInt8]] = []
        var next: UInt64 = 101
        for count in counts {
            batches.append(batch(next, count))
            next += UInt64(count)
        }
        let updates = OMDeltaUpdates(batches: batches, sequenceNumber: 999, latestSequenceNumber: 500)
        let slices = updates.slices(maxSequences: 8)
        #expect(slices.flatMap(\.batches) == batches)
        #expect(slices.map { $0.batches.count } == [2, 1, 1, 3, 1, 1])
        for slice in slices {
            let sequences = slice.batches.reduce(0) { total, b in
                total + b.withUnsafeBytes { Int((try? WriteBatchReader.header(of: $0))?.count ?? 0) }
            }
            #expect(sequences <= 8 || slice.batches.count == 1)
            #expect(slice.latestSequenceNumber == 500)
        }
        #expect(slices.last?.sequenceNumber == 101 + 3 + 4 + 2 + 9 + 1 + 1 + 1 + 12)
    }

    @Test("a response within the bound, or empty, is one slice: itself")
    func smallResponsesStayWhole() {
        let small = OMDeltaUpdates(batches: [batch(1, 2), batch(3, 2)], sequenceNumber: 3, latestSequenceNumber: 4)
        #expect(small.slices(maxSequences: 10) == [small])
        let empty = OMDeltaUpdates(batches: [], sequenceNumber: OMDeltaUpdates.noBatches, latestSequenceNumber: 4)
        #expect(empty.slices(maxSequences: 10) == [empty])
    }
}
