import Foundation
import Synchronization

/// What one pass of the raw scan measured.
struct RawScanPass: Codable, Sendable {
    /// Threads that scanned.
    var threads: Int
    /// Wall time, seconds.
    var seconds: Double
    /// Records read (every column family).
    var records: UInt64
    /// Key and value bytes read.
    var bytes: UInt64
    /// Records per second.
    var recordsPerSecond: Double
    /// Mebibytes per second.
    var mebibytesPerSecond: Double
    /// The order-independent checksum of every byte (equal across passes).
    var checksum: String
}

/// The physical floor: a scan of every column family of an OM DB through RocksDB's C
/// API that touches every key and value byte, with one thread and with several (key
/// ranges split at keys sampled by a first, warm-up pass, handed to the threads from a
/// shared queue). The passes must agree on records and checksum.
struct RawScan {
    /// The DB.
    let database: RawScanDatabase
    /// Ranges queued per family and thread in the parallel pass.
    static let rangesPerThread = 4

    /// One key range of one family.
    private struct Range: @unchecked Sendable {
        var family: RawScanDatabase.Family
        var lower: [UInt8]?
        var upper: [UInt8]?
    }

    /// The warm-up pass (one thread; reads the files into the page cache and samples
    /// split keys): the records per family and, per family, keys at even record spacing.
    func warmUp(samplesPerFamily: Int) throws -> (records: [String: UInt64], splits: [String: [[UInt8]]], first: [String: [UInt8]]) {
        var records: [String: UInt64] = [:]
        var splits: [String: [[UInt8]]] = [:]
        var first: [String: [UInt8]] = [:]
        for family in database.families {
            let step = max(1, database.estimatedKeys(family) / UInt64(samplesPerFamily + 1))
            var count: UInt64 = 0
            var keys: [[UInt8]] = []
            var checksum = ScanChecksum()
            try database.scan(family, lower: nil, upper: nil) { key, value in
                checksum.add(key: key, value: value)
                if count == 0 { first[family.name] = Array(key) }
                count += 1
                if count % step == 0 { keys.append(Array(key)) }
            }
            records[family.name] = count
            splits[family.name] = keys
        }
        return (records, splits, first)
    }

    /// One measured pass with `threads` threads over ranges cut at `splits`.
    func pass(threads: Int, splits: [String: [[UInt8]]]) throws -> RawScanPass {
        let ranges = Self.ranges(database.families, splits: splits, parts: threads == 1 ? 1 : threads * Self.rangesPerThread)
        let next = Atomic<Int>(0)
        let results = Mutex<(ScanChecksum, [String])>((ScanChecksum(), []))
        let clock = ContinuousClock()
        let start = clock.now
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var local = ScanChecksum()
            var failures: [String] = []
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < ranges.count else { break }
                let range = ranges[index]
                do {
                    try database.scan(range.family, lower: range.lower, upper: range.upper) { key, value in
                        local.add(key: key, value: value)
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
            results.withLock { state in
                state.0.merge(local)
                state.1 += failures
            }
        }
        let seconds = start.duration(to: clock.now).seconds
        let (checksum, errors) = results.withLock { $0 }
        if let error = errors.first { throw BenchError("raw scan failed: \(error)") }
        return RawScanPass(
            threads: threads, seconds: seconds, records: checksum.records, bytes: checksum.bytes,
            recordsPerSecond: Double(checksum.records) / seconds,
            mebibytesPerSecond: Double(checksum.bytes) / 1_048_576 / seconds,
            checksum: String(checksum.value, radix: 16))
    }

    /// Every family cut into about `parts` ranges at its sampled keys, the families
    /// with the most samples (the biggest) first.
    private static func ranges(_ families: [RawScanDatabase.Family], splits: [String: [[UInt8]]], parts: Int) -> [Range] {
        var result: [Range] = []
        let ordered = families.sorted { (splits[$0.name]?.count ?? 0) > (splits[$1.name]?.count ?? 0) }
        for family in ordered {
            let samples = splits[family.name] ?? []
            var bounds: [[UInt8]] = []
            if parts > 1, !samples.isEmpty {
                for i in 1..<parts {
                    let bound = samples[min(samples.count - 1, i * samples.count / parts)]
                    if bounds.last.map({ $0.lexicographicallyPrecedes(bound) }) ?? true { bounds.append(bound) }
                }
            }
            var lower: [UInt8]? = nil
            for bound in bounds {
                result.append(Range(family: family, lower: lower, upper: bound))
                lower = bound
            }
            result.append(Range(family: family, lower: lower, upper: nil))
        }
        return result
    }
}
