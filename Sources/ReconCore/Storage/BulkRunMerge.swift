import Foundation

/// Merges sorted runs into one stream in strictly increasing key order, keeping the
/// latest write of each key (a later run wins over an earlier one).
enum BulkRunMerge {
    /// Visits the merged writes of `runs` (oldest first): the key and the value (nil
    /// for a delete), borrowed during `body`.
    static func merge(
        _ runs: [BulkRunReader], _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Void
    ) throws {
        // A binary min-heap of run indices: smallest key first, the newest run first among equal keys.
        var heap: [Int] = []
        heap.reserveCapacity(runs.count)
        for i in runs.indices where try runs[i].next() { heap.append(i) }
        func before(_ a: Int, _ b: Int) -> Bool {
            let c = compare(runs[a].key, runs[b].key)
            return c != 0 ? c < 0 : a > b
        }
        func siftDown(_ from: Int) {
            var i = from
            while true {
                let l = 2 * i + 1
                guard l < heap.count else { return }
                var m = l
                if l + 1 < heap.count && before(heap[l + 1], heap[l]) { m = l + 1 }
                guard before(heap[m], heap[i]) else { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        /// Advances the run on top of the heap and restores the heap.
        func advanceTop() throws {
            if try runs[heap[0]].next() {
                siftDown(0)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
                if !heap.isEmpty { siftDown(0) }
            }
        }
        var last: [UInt8] = []
        while let top = heap.first {
            let run = runs[top]
            try body(run.key, run.value)
            last.removeAll(keepingCapacity: true)
            last.append(contentsOf: run.key)
            try advanceTop()
            // Older writes of the same key lose.
            while let next = heap.first, last.withUnsafeBytes({ compare(runs[next].key, $0) }) == 0 {
                try advanceTop()
            }
        }
    }

    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}
