import OMSimulator
import ReconTaskKit
import Testing

/// ``IDCounts``: dense ids, ids past the dense range and negative ids all count like a map.
@Suite("IDCounts")
struct IDCountsTests {
    static func collected(_ counts: IDCounts) -> [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        counts.forEach { id, count in
            #expect(out[id] == nil, "id \(id) visited twice")
            out[id] = count
        }
        return out
    }

    @Test func countsEveryKindOfIDLikeAMap() {
        var random = SimulatorRandom(seed: 7) // seeded: a failure repeats
        let limit = IDCounts.denseLimit
        let pool: [Int64] = [0, 1, 2, 1023, 1024, 5000, limit - 1, limit, limit + 1, Int64.max, -1, Int64.min]
            + (0..<50).map { _ in Int64.random(in: 0..<limit, using: &random) }
        var counts = IDCounts()
        var model: [Int64: Int64] = [:]
        for _ in 0..<20_000 {
            let id = pool.randomElement(using: &random)!
            let delta = Int64.random(in: -2...3, using: &random)
            counts.add(id, delta)
            model[id, default: 0] += delta
        }
        #expect(Self.collected(counts) == model.filter { $0.value != 0 })
    }

    @Test func mergingAddsCountsAndDropsZeros() {
        var a = IDCounts(), b = IDCounts()
        a.add(3, 2); a.add(IDCounts.denseLimit + 5, 1); a.add(-4, 7); a.add(9)
        b.add(3, -2); b.add(IDCounts.denseLimit + 5, 4); b.add(2_000_000, 1); b.add(9)
        a.add(b)
        #expect(Self.collected(a) == [IDCounts.denseLimit + 5: 5, -4: 7, 2_000_000: 1, 9: 2])
        #expect(Self.collected(IDCounts()).isEmpty)
    }
}
