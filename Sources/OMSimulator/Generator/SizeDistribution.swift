/// File sizes shaped like a real cluster's: most files small, a long tail into GiB.
///
/// A mixture: 3% empty files; 55% log-normal around 8 KiB (σ 1.6: configs, logs, JSON,
/// thumbnails); 35% log-normal around 2 MiB (σ 1.4: images, columnar chunks); 7% Pareto
/// from 64 MiB with α 1.3 (archives, videos, large parquet), capped at 32 GiB.
enum SizeDistribution {
    static let maximum: Double = 32 * 1024 * 1024 * 1024

    /// One sample, in bytes.
    static func sample(_ random: inout SimulatorRandom) -> UInt64 {
        let u = random.unit()
        let size: Double
        if u < 0.03 {
            return 0
        } else if u < 0.58 {
            size = random.logNormal(median: 8 * 1024, sigma: 1.6)
        } else if u < 0.93 {
            size = random.logNormal(median: 2 * 1024 * 1024, sigma: 1.4)
        } else {
            size = random.pareto(minimum: 64 * 1024 * 1024, alpha: 1.3)
        }
        return UInt64(max(1, min(size, maximum)))
    }

    /// A multipart upload part: 5 MiB to 128 MiB (S3's minimum part size upwards).
    static func partSample(_ random: inout SimulatorRandom) -> UInt64 {
        UInt64(min(128 * 1024 * 1024, random.logNormal(median: 16 * 1024 * 1024, sigma: 0.7).rounded()))
            .clamped(min: 5 * 1024 * 1024)
    }
}

extension UInt64 {
    @inline(__always)
    func clamped(min lower: UInt64) -> UInt64 { self < lower ? lower : self }
}

/// Hands out containers to blocks like SCM does: a pool of open containers written in
/// parallel, each closed and replaced by a new id once it holds 5 GiB. Keys written close in
/// time share containers; large keys spread over many.
struct ContainerAllocator: Sendable, Codable, Equatable {
    static let containerCapacity: UInt64 = 5 * 1024 * 1024 * 1024
    static let openContainers = 48

    /// The next id SCM would assign.
    var nextContainerID: Int64
    /// Ids and fill of the open containers.
    var open: [Int64]
    var fill: [UInt64]

    init(firstContainerID: Int64 = 1) {
        nextContainerID = firstContainerID
        open = []
        fill = []
        for _ in 0..<Self.openContainers {
            open.append(nextContainerID)
            fill.append(0)
            nextContainerID += 1
        }
    }

    /// The container for a block of `length` bytes.
    @inline(__always)
    mutating func place(length: UInt64, random: inout SimulatorRandom) -> Int64 {
        let slot = random.below(open.count)
        let id = open[slot]
        fill[slot] &+= max(length, 4096)
        if fill[slot] >= Self.containerCapacity {
            open[slot] = nextContainerID
            fill[slot] = 0
            nextContainerID += 1
        }
        return id
    }

    /// The highest container id handed out so far.
    var highestContainerID: Int64 { nextContainerID - 1 }
}
