import ReconTaskKit

/// One entry of `subPaths`.
struct SubPath {
    /// The full path.
    var path: String
    /// Data bytes.
    var size: Int64
    /// Replicated bytes.
    var replicatedSize: Int64
    /// Whether it is a key.
    var isKey: Bool
}

/// Lists the direct children of a bucket or directory: child directories (FSO
/// directoryTable; LEGACY `dir/` prefixes; OBS prefixes with `delimiter=/`) with their
/// materialized totals, and with `files=true` the direct keys (fileTable or keyTable).
struct SubPathLister {
    let view: ReadView
    let normalizedPath: String
    let listFiles: Bool
    let delimited: Bool
    let legacyFileSystemPaths: Bool

    /// The children of `bucket` itself (`place` nil) or of the directory at `place` in it.
    func children(of bucket: BucketFacts, place: DirectoryPlace?) throws -> [SubPath] {
        switch place {
        case .fso(let objectID)?:
            return try fsoChildren(bucket, objectID)
        case .prefix(_, let name)?:
            return try namedChildren(bucket, prefix: name)
        case nil:
            return bucket.layout == .fso ? try fsoChildren(bucket, bucket.objectID) : try namedChildren(bucket, prefix: [])
        }
    }

    /// One scan per table with the host's decoded records (no point read per child),
    /// then one summary read per child directory.
    private func fsoChildren(_ bucket: BucketFacts, _ objectID: UInt64) throws -> [SubPath] {
        let prefix = FSOKeys.childrenPrefix(bucket, parent: objectID)
        let nameStart = prefix.utf8.count
        func name(_ key: UnsafeRawBufferPointer) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: key[nameStart...]), as: UTF8.self)
        }
        var directories: [(name: String, objectID: UInt64)] = []
        try view.omScanPrefixRecords("directoryTable", prefix: prefix) { key, _, record in
            if let id = record?.directory?.objectID { directories.append((name(key), id)) }
            return true
        }
        let summaries = SummaryReader(view)
        var out: [SubPath] = []
        out.reserveCapacity(directories.count)
        for directory in directories {
            let totals = try summaries.objectTotals(directory.objectID)
            out.append(SubPath(
                path: join(directory.name), size: totals.bytes, replicatedSize: totals.replicatedBytes, isKey: false))
        }
        guard listFiles else { return out }
        try view.omScanPrefixRecords("fileTable", prefix: prefix) { key, _, record in
            if let file = record?.key {
                out.append(SubPath(
                    path: join(name(key)), size: Int64(clamping: file.dataSize),
                    replicatedSize: Int64(clamping: file.replicatedSize), isKey: true))
            }
            return true
        }
        return out
    }

    private func namedChildren(_ bucket: BucketFacts, prefix: [UInt8]) throws -> [SubPath] {
        var out: [SubPath] = []
        let layout = NamesLayout(bucket.layout, legacyFileSystemPaths: legacyFileSystemPaths)
        let kind = layout == .objectStore && !delimited ? nil : layout?.prefixKind
        if let kind {
            for (name, summary) in try childPrefixes(bucket, kind: kind, under: prefix) where kind != .legacyPrefix || summary.markers > 0 {
                let path = bucket.path + "/" + String(decoding: name.dropLast(), as: UTF8.self)
                out.append(SubPath(path: path, size: summary.totals.bytes, replicatedSize: summary.totals.replicatedBytes, isKey: false))
            }
        }
        guard listFiles else { return out }
        let keyPrefix = bucket.path + "/" + String(decoding: prefix, as: UTF8.self)
        var names: [String] = []
        try view.omScanPrefix("keyTable", prefix: keyPrefix) { key, _ in
            let rest = key[(key.startIndex + keyPrefix.utf8.count)...]
            let hasSlash = rest.contains(NamePrefixes.slash)
            let direct: Bool
            switch kind {
            case nil: direct = true
            case .legacyPrefix?: direct = !rest.isEmpty && !hasSlash
            default: direct = !hasSlash // an OBS prefix's own object (`logs/`) is one of its keys
            }
            if direct { names.append(String(decoding: key, as: UTF8.self)) }
            return true
        }
        for key in names {
            let path = bucket.path + "/" + String(key.dropFirst(bucket.path.count + 1))
            if let file = try keySubPath("keyTable", key, path: path) { out.append(file) }
        }
        return out
    }

    /// The direct child prefixes (`name` ends in `/`) of `prefix`, found by skipping from
    /// one child's range to the next: one short scan per child, not per descendant.
    private func childPrefixes(_ bucket: BucketFacts, kind: EntityKind, under prefix: [UInt8]) throws -> [([UInt8], Summary)] {
        let range = EntityKeys.prefixRange(kind, bucket: bucket.objectID, namePrefix: prefix)
        let nameStart = 9
        var cursor = range.start
        var out: [([UInt8], Summary)] = []
        while true {
            var child: [UInt8]?
            var summary: Summary?
            try view.kvScan(SummaryCache.table, from: cursor, to: range.end) { key, value in
                let rest = key[(key.startIndex + nameStart + prefix.count)...]
                guard let slash = rest.firstIndex(of: NamePrefixes.slash) else { return true }
                child = Array(key[(key.startIndex + nameStart)...slash])
                if slash == key.endIndex - 1 { summary = SummaryCodec.decode(value) }
                return false
            }
            guard let name = child else { return out }
            if summary == nil {
                summary = try name.withUnsafeBytes { n in try SummaryReader(view).summary(.prefix(kind, bucket: bucket.objectID, name: n), name: n) }
            }
            if let summary { out.append((name, summary)) }
            cursor = EntityKeys.successor(of: Array(range.start.prefix(nameStart)) + name)
        }
    }

    private func keySubPath(_ table: String, _ key: String, path: String) throws -> SubPath? {
        try view.withOMRecord(table, key) { record in
            record?.key.map {
                SubPath(path: path, size: Int64(clamping: $0.dataSize), replicatedSize: Int64(clamping: $0.replicatedSize), isKey: true)
            }
        }
    }

    private func join(_ name: String) -> String {
        normalizedPath == "/" ? "/" + name : normalizedPath + "/" + name
    }
}
