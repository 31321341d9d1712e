import Testing
@testable import OzoneFormat

@Suite("WriteBatch records sorted by key")
struct WriteBatchKeyOrderTests {
    @Test("records come out by (family, key), one key's records in their order, same header and outcome")
    func sortedKeepsTheOutcome() throws {
        var state: UInt64 = 0x5EED
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        var builder = WriteBatchBuilder(sequence: 500)
        for i in 0..<2_000 {
            let family = UInt32(next(3))
            // Keys of 0 to 12 bytes sharing prefixes, so shorter keys sort before longer ones.
            let key = Array("k/\(next(40))/\(next(3))".utf8.prefix(Int(next(13))))
            switch next(10) {
            case 0..<6: builder.put(columnFamily: family, key: key, value: Array("v\(i)".utf8))
            case 6..<9: builder.delete(columnFamily: family, key: key)
            default: builder.singleDelete(columnFamily: family, key: key)
            }
        }
        let original = builder.bytes
        let sorted = try #require(WriteBatchKeyOrder.sorted(original))
        #expect(sorted.count == original.count)
        #expect(Array(sorted[0..<WriteBatchReader.headerSize]) == Array(original[0..<WriteBatchReader.headerSize]))

        let before = try Self.records(original)
        let after = try Self.records(sorted)
        #expect(after.count == before.count)
        for (a, b) in zip(after, after.dropFirst()) {
            #expect(a.cf < b.cf || (a.cf == b.cf && !b.key.lexicographicallyPrecedes(a.key)))
        }
        // Per (family, key): the same records in the same order.
        func grouped(_ records: [Rec]) -> [String: [String]] {
            Dictionary(grouping: records, by: { "\($0.cf)/\($0.key)" }).mapValues { $0.map { "\($0.op) \($0.value)" } }
        }
        #expect(grouped(after) == grouped(before))
    }

    @Test("a batch with a DeleteRange or a merge is left alone; garbage is refused")
    func refusesOrderSensitiveBatches() {
        var range = WriteBatchBuilder(sequence: 1)
        range.put(key: Array("b".utf8), value: [1])
        range.deleteRange(begin: Array("a".utf8), end: Array("c".utf8))
        #expect(WriteBatchKeyOrder.sorted(range.bytes) == nil)
        var merge = WriteBatchBuilder(sequence: 1)
        merge.merge(key: Array("b".utf8), value: [1])
        #expect(WriteBatchKeyOrder.sorted(merge.bytes) == nil)
        #expect(WriteBatchKeyOrder.sorted([1, 2, 3]) == nil)
        let empty = WriteBatchBuilder(sequence: 9).bytes
        #expect(WriteBatchKeyOrder.sorted(empty) == empty)
    }

    private static func records(_ bytes: [UInt8]) throws -> [Rec] {
        try WriteBatchReader.withReader(bytes) { reader in reader.map(Rec.init) }
    }
}
