import ReconTaskKit

/// The reduce step of a reprocess: sums every worker's partials (in memory and
/// flushed), materializes the subtree totals, writes the `summary` table and the
/// built marker.
///
/// The merge holds one entry per bucket, directory and prefix (never per key):
/// - FSO directories pass their totals plus themselves to their parents, deepest first,
///   so each directory is added once (the parent links form the tree).
/// - OBS prefixes count as a directory of each ancestor prefix and of the bucket.
/// - Names-based files and LEGACY markers already reached every ancestor in the scan.
struct ReprocessMerge {
    /// The summed partials.
    private(set) var all = PartialMap()

    /// Adds the workers' in-memory partials.
    mutating func add(_ workers: [ReprocessWorker]) {
        var maps = workers.map(\.partial).sorted { $0.count > $1.count }
        guard !maps.isEmpty else { return }
        all = maps.removeFirst()
        for map in maps { all.merge(map) }
    }

    /// Adds the flushed partials and deletes them; returns how many there were.
    mutating func addFlushed(_ tx: Transaction) throws -> Int {
        var keys: [[UInt8]] = []
        var failure: String?
        try tx.kvScan(ReprocessWorker.partialsTable) { key, value in
            let entityKey = UnsafeRawBufferPointer(rebasing: key[min(6, key.count)...])
            guard key.count > 6, let parsed = EntityKeys.parse(entityKey), let summary = SummaryCodec.decode(value) else {
                failure = "a reprocess partial is corrupt"
                return false
            }
            all.merge(parsed.id, Entity(summary: summary, name: parsed.name))
            keys.append(Array(key))
            return true
        }
        if let failure { throw ReconTaskError.failed("nssummary: \(failure)") }
        for key in keys { try tx.kvDelete(ReprocessWorker.partialsTable, key) }
        return keys.count
    }

    /// Materializes the subtree totals.
    mutating func materialize() {
        propagateDirectories()
        countObjectStorePrefixes()
    }

    /// Writes every summary and the built marker.
    func write(_ tx: Transaction) throws {
        var value: [UInt8] = []
        for (id, entity) in all.entities {
            let s = entity.summary
            if id.kind != .object && s.totals.isZero && s.markers == 0 { continue }
            SummaryCodec.encode(s, into: &value)
            try tx.kvPut(SummaryCache.table, EntityKeys.storageKey(id, name: entity.name), value)
        }
        try BuiltMarker.write(tx)
    }

    /// FSO: each linked directory adds its subtree totals and itself to its parent,
    /// deepest first.
    private mutating func propagateDirectories() {
        var depth: [UInt64: Int] = [:]
        var linked: [UInt64] = []
        for (id, entity) in all.entities where id.kind == .object && entity.summary.parent != 0 {
            linked.append(id.id)
        }
        var path: [UInt64] = []
        var onPath: Set<UInt64> = []
        for start in linked where depth[start] == nil {
            path.removeAll(keepingCapacity: true)
            onPath.removeAll(keepingCapacity: true)
            var current = start
            var base = 0
            while true {
                if let known = depth[current] { base = known; break }
                guard let parent = all.entities[.object(current)]?.summary.parent, parent != 0,
                      !onPath.contains(current), path.count < EventApplier.maxDepth
                else { base = 0; break }
                path.append(current)
                onPath.insert(current)
                current = parent
            }
            for (offset, node) in path.reversed().enumerated() { depth[node] = base + offset + 1 }
        }
        // Deepest first; the depth is looked up once per node, not once per comparison.
        var byDepth = linked.map { (depth: depth[$0, default: 0], node: $0) }
        byDepth.sort { $0.depth > $1.depth }
        for (_, node) in byDepth {
            guard let entity = all.entities[.object(node)] else { continue }
            let totals = entity.summary.totals
            all.updateObject(entity.summary.parent) { $0.totals.add(totals, sign: 1, extraDirectories: 1) }
        }
    }

    /// OBS: every non-empty prefix is one directory of each ancestor prefix and of the bucket.
    private mutating func countObjectStorePrefixes() {
        var prefixes: [(bucket: UInt64, name: [UInt8])] = []
        for (id, entity) in all.entities where id.kind == .objectStorePrefix && entity.summary.totals.files > 0 {
            prefixes.append((id.id, entity.name))
        }
        for prefix in prefixes {
            prefix.name.withUnsafeBytes { name in
                var length = NamePrefixes.parentLength(of: name)
                while length > 0 {
                    let ancestor = UnsafeRawBufferPointer(rebasing: name[0..<length])
                    all.update(.prefix(.objectStorePrefix, bucket: prefix.bucket, name: ancestor), name: ancestor) {
                        $0.totals.directories += 1
                    }
                    length = NamePrefixes.parentLength(of: ancestor)
                }
            }
            all.updateObject(prefix.bucket) { $0.totals.directories += 1 }
        }
    }
}

/// The `meta` table's `_built` key: present once a full build has switched in.
enum BuiltMarker {
    /// The `meta` table.
    static let table: KVTable = "meta"
    /// The key.
    static let key = "_built"

    /// Writes the marker.
    static func write(_ tx: Transaction) throws { try tx.kvPut(table, key, [1]) }

    /// Whether the store was built.
    static func isPresent(_ view: some StoreReader) throws -> Bool {
        try view.withKVValue(table, key) { $0 != nil }
    }
}
