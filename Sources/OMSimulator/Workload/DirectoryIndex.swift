/// The directories of one FSO bucket by object id, so the workload can pick them at random
/// and spell their paths (deletedTable keys and open-file names need full paths). Deleted
/// directories stay known until purged, so their orphaned children keep a path.
struct DirectoryIndex {
    struct Entry {
        var parentID: UInt64
        var name: [UInt8]
        /// Position in `live`, or -1 once deleted.
        var slot: Int
    }

    /// The bucket's object id: the root every path ends at.
    let bucketID: UInt64
    private(set) var entries: [UInt64: Entry] = [:]
    /// Live directory ids, for uniform picks.
    private(set) var live: [UInt64] = []

    init(bucketID: UInt64) { self.bucketID = bucketID }

    var liveCount: Int { live.count }

    mutating func add(id: UInt64, parentID: UInt64, name: [UInt8]) {
        entries[id] = Entry(parentID: parentID, name: name, slot: live.count)
        live.append(id)
    }

    /// Marks `id` deleted: it is no longer picked, but paths through it still resolve.
    mutating func markDeleted(_ id: UInt64) {
        guard let entry = entries[id], entry.slot >= 0 else { return }
        let last = live.removeLast()
        if last != id {
            live[entry.slot] = last
            entries[last]?.slot = entry.slot
        }
        entries[id]?.slot = -1
    }

    /// Forgets `id` entirely (after the directory deleting service purged it).
    mutating func forget(_ id: UInt64) {
        markDeleted(id)
        entries[id] = nil
    }

    mutating func rename(_ id: UInt64, parentID: UInt64, name: [UInt8]) {
        entries[id]?.parentID = parentID
        entries[id]?.name = name
    }

    func entry(_ id: UInt64) -> Entry? { entries[id] }

    /// True when `id` is the bucket or a live directory whose ancestors are all live.
    func isReachable(_ id: UInt64) -> Bool {
        var current = id
        for _ in 0..<64 {
            if current == bucketID { return true }
            guard let entry = entries[current], entry.slot >= 0 else { return false }
            current = entry.parentID
        }
        return false
    }

    /// True when `id` is `ancestor` or lies below it.
    func isWithin(_ id: UInt64, ancestor: UInt64) -> Bool {
        var current = id
        for _ in 0..<64 {
            if current == ancestor { return true }
            if current == bucketID { return false }
            guard let entry = entries[current] else { return false }
            current = entry.parentID
        }
        return false
    }

    /// Appends the path of directory `id` below the bucket followed by `/` (`a/b/`); the
    /// bucket itself appends nothing. Nil when the chain does not reach the bucket.
    func appendPath(_ id: UInt64, to out: inout [UInt8]) -> Bool {
        var chain: [UInt64] = []
        var current = id
        while current != bucketID {
            guard chain.count < 64, let entry = entries[current] else { return false }
            chain.append(current)
            current = entry.parentID
        }
        for dir in chain.reversed() {
            out.append(contentsOf: entries[dir]!.name)
            out.append(KeyWriter.slash)
        }
        return true
    }

    /// A uniformly random live directory id, or nil when there is none.
    func randomLive(_ random: inout SimulatorRandom) -> UInt64? {
        live.isEmpty ? nil : live[random.below(live.count)]
    }
}
