/// The directories (or, for OBS buckets, the virtual prefixes) of one bucket while it is
/// generated, in flat arrays: index 0 is the bucket itself.
struct DirectoryTree {
    static let maxDepth: UInt8 = 8

    private(set) var objectIDs: [UInt64] = []
    private(set) var parents: [Int32] = []
    private(set) var depths: [UInt8] = []
    private var nameStarts: [UInt32] = []
    private var nameLengths: [UInt16] = []
    private var names: [UInt8] = []
    /// Files created in each directory so far (names are numbered per directory).
    var fileCounters: [UInt32] = []
    /// Subdirectories created in each directory so far.
    var childCounters: [UInt32] = []
    /// The most recently created directory (new files cluster there).
    private(set) var latest = 0

    init(rootObjectID: UInt64) {
        objectIDs.append(rootObjectID)
        parents.append(-1)
        depths.append(0)
        nameStarts.append(0)
        nameLengths.append(0)
        fileCounters.append(0)
        childCounters.append(0)
    }

    var count: Int { objectIDs.count }

    /// Adds a directory named `name` under `parent`; returns its index.
    mutating func add(parent: Int, name: [UInt8], objectID: UInt64) -> Int {
        objectIDs.append(objectID)
        parents.append(Int32(parent))
        depths.append(depths[parent] + 1)
        nameStarts.append(UInt32(names.count))
        nameLengths.append(UInt16(name.count))
        names.append(contentsOf: name)
        fileCounters.append(0)
        childCounters.append(0)
        latest = objectIDs.count - 1
        return latest
    }

    /// The leaf name of directory `index`.
    @inline(__always)
    func name(_ index: Int) -> ArraySlice<UInt8> {
        let start = Int(nameStarts[index])
        return names[start..<(start + Int(nameLengths[index]))]
    }

    /// Appends the path of `index` below the bucket, `a/b/c`, followed by `/` unless it is
    /// the bucket itself (which appends nothing).
    func appendPath(_ index: Int, to out: inout [UInt8]) {
        guard index > 0 else { return }
        var chain: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var i = index
        withUnsafeMutableBytes(of: &chain) { raw in
            let p = raw.bindMemory(to: Int32.self)
            while i > 0, n < p.count {
                p[n] = Int32(i)
                n += 1
                i = Int(parents[i])
            }
            while n > 0 {
                n -= 1
                out.append(contentsOf: name(Int(p[n])))
                out.append(UInt8(ascii: "/"))
            }
        }
    }

    /// A directory to put a new file in: often the newest one, sometimes a few "hot" early
    /// ones, otherwise any; the bucket itself now and then.
    mutating func parentForFile(_ random: inout SimulatorRandom) -> Int {
        let u = random.unit()
        if u < 0.04 || count == 1 { return 0 }
        if u < 0.45 { return latest }
        if u < 0.55 { return 1 + random.below(min(16, count - 1)) }
        return random.below(count)
    }

    /// A directory to create a subdirectory in: the newest one half the time (deep chains),
    /// otherwise any, staying under `maxDepth`.
    mutating func parentForDirectory(_ random: inout SimulatorRandom) -> Int {
        if random.chance(0.5), depths[latest] < Self.maxDepth { return latest }
        for _ in 0..<3 {
            let candidate = random.below(count)
            if depths[candidate] < Self.maxDepth { return candidate }
        }
        return 0
    }
}
