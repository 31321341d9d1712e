import OzoneFormat

/// Totals the namespace API should report for one path, counted from scratch.
struct ExpectedTotals: Equatable, CustomStringConvertible {
    var files: Int64 = 0
    var bytes: Int64 = 0
    var replicated: Int64 = 0
    var directories: Int64 = 0
    var bins = [Int64](repeating: 0, count: 41)

    mutating func addFile(size: UInt64, replicated r: UInt64) {
        files += 1
        bytes += Int64(size)
        replicated += Int64(r)
        bins[Self.bin(size)] += 1
    }

    mutating func add(_ other: ExpectedTotals) {
        files += other.files
        bytes += other.bytes
        replicated += other.replicated
        directories += other.directories
        for i in bins.indices { bins[i] += other.bins[i] }
    }

    /// Recon's bin, computed independently: 0 up to 1 KiB, 40 from 1 PiB, else ceil(log2) - 10.
    static func bin(_ size: UInt64) -> Int {
        if size <= 1024 { return 0 }
        if size >= 1 << 50 { return 40 }
        var bits = 0
        while (UInt64(1) << bits) < size { bits += 1 }
        return bits - 10
    }

    var description: String { "files \(files) bytes \(bytes) replicated \(replicated) dirs \(directories)" }
}

/// An independent recount of the OM DB: what every volume, bucket, directory and OBS
/// prefix should total. Shares no code with the plugin.
struct NamespaceRecount {
    /// Paths in Recon's view (`/vol`, `/vol/bucket`, `/vol/bucket/dir/sub`) → totals.
    var plain: [String: ExpectedTotals] = [:]
    /// OBS buckets and prefixes with `delimiter=/` (`/vol/bucket`, `/vol/bucket/a/b/`) → totals.
    var delimited: [String: ExpectedTotals] = [:]
    /// Volume count, bucket count.
    var volumeCount = 0
    var bucketCount = 0
    /// Everything (root).
    var root = ExpectedTotals()
    /// Paths of directories (FSO, LEGACY), for path-type checks.
    var directories: Set<String> = []
    /// How many of them are FSO directories.
    var fsoDirectoryCount = 0

    /// Counts the tables visited by `forEach(table) { key, value in }`.
    init(legacyFileSystemPaths: Bool, forEach: (String, (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        struct Bucket { var volume: String; var name: String; var layout: OMBucketLayoutProto; var objectID: UInt64 }
        var volumes: [String] = []
        try forEach("volumeTable") { _, value in volumes.append(try OMVolumeInfo(serializedBytes: Array(value)).volume) }
        var buckets: [Bucket] = []
        try forEach("bucketTable") { _, value in
            let info = try OMBucketInfo(serializedBytes: Array(value))
            buckets.append(Bucket(volume: info.volumeName, name: info.bucketName,
                                  layout: info.hasBucketLayout ? info.bucketLayout : .legacy, objectID: info.objectID))
        }
        var childDirs: [UInt64: [(id: UInt64, name: String)]] = [:]
        try forEach("directoryTable") { _, value in
            let info = try OMDirectoryInfo(serializedBytes: Array(value))
            childDirs[info.parentID, default: []].append((info.objectID, info.name))
        }
        var directFiles: [UInt64: ExpectedTotals] = [:]
        try forEach("fileTable") { _, value in
            let info = try OMKeyInfo(serializedBytes: Array(value))
            directFiles[info.parentID, default: ExpectedTotals()].addFile(size: info.dataSize, replicated: info.replicatedSize)
        }
        var keysByBucket: [String: [(name: String, size: UInt64, replicated: UInt64)]] = [:]
        try forEach("keyTable") { _, value in
            let info = try OMKeyInfo(serializedBytes: Array(value))
            keysByBucket["/\(info.volumeName)/\(info.bucketName)", default: []].append((info.keyName, info.dataSize, info.replicatedSize))
        }

        volumeCount = volumes.count
        bucketCount = buckets.count
        for volume in volumes { plain["/" + volume] = ExpectedTotals() }
        for bucket in buckets {
            let path = "/\(bucket.volume)/\(bucket.name)"
            var totals = ExpectedTotals()
            switch bucket.layout {
            case .fileSystemOptimized:
                totals = fsoSubtree(bucket.objectID, path: path, childDirs: childDirs, directFiles: directFiles)
            case .objectStore:
                totals = objectStore(path, keys: keysByBucket[path] ?? [])
            case .legacy:
                totals = legacyFileSystemPaths ? legacyPaths(path, keys: keysByBucket[path] ?? []) : flat(keysByBucket[path] ?? [])
            }
            plain[path] = totals
            plain["/" + bucket.volume, default: ExpectedTotals()].add(totals)
            root.add(totals)
        }
    }

    /// FSO: the subtree of `id`, recording every directory below on the way.
    private mutating func fsoSubtree(
        _ id: UInt64, path: String, childDirs: [UInt64: [(id: UInt64, name: String)]], directFiles: [UInt64: ExpectedTotals]
    ) -> ExpectedTotals {
        var totals = directFiles[id] ?? ExpectedTotals()
        for child in childDirs[id] ?? [] {
            let childPath = path + "/" + child.name
            let sub = fsoSubtree(child.id, path: childPath, childDirs: childDirs, directFiles: directFiles)
            plain[childPath] = sub
            directories.insert(childPath)
            fsoDirectoryCount += 1
            totals.add(sub)
            totals.directories += 1
        }
        return totals
    }

    /// OBS: flat in Recon's view; every `/` prefix with the delimiter.
    private mutating func objectStore(_ path: String, keys: [(name: String, size: UInt64, replicated: UInt64)]) -> ExpectedTotals {
        var bucket = ExpectedTotals()
        var prefixes: [String: ExpectedTotals] = [:]
        for key in keys {
            bucket.addFile(size: key.size, replicated: key.replicated)
            for prefix in Self.prefixes(of: key.name, includeWhole: true) {
                prefixes[prefix, default: ExpectedTotals()].addFile(size: key.size, replicated: key.replicated)
            }
        }
        for prefix in prefixes.keys {
            for ancestor in Self.prefixes(of: prefix, includeWhole: false) { prefixes[ancestor]!.directories += 1 }
        }
        var withPrefixes = bucket
        withPrefixes.directories = Int64(prefixes.count)
        delimited[path] = withPrefixes
        for (prefix, totals) in prefixes { delimited[path + "/" + prefix] = totals }
        return bucket
    }

    /// LEGACY with file-system paths: `dir/` keys are directories holding the keys below them.
    private mutating func legacyPaths(_ path: String, keys: [(name: String, size: UInt64, replicated: UInt64)]) -> ExpectedTotals {
        var bucket = ExpectedTotals()
        let markers = keys.filter { $0.name.hasSuffix("/") }.map(\.name)
        let files = keys.filter { !$0.name.hasSuffix("/") }
        for file in files { bucket.addFile(size: file.size, replicated: file.replicated) }
        bucket.directories = Int64(markers.count)
        for marker in markers {
            var totals = ExpectedTotals()
            for file in files where file.name.hasPrefix(marker) { totals.addFile(size: file.size, replicated: file.replicated) }
            totals.directories = Int64(markers.filter { $0 != marker && $0.hasPrefix(marker) }.count)
            let dirPath = path + "/" + String(marker.dropLast())
            plain[dirPath] = totals
            directories.insert(dirPath)
        }
        return bucket
    }

    /// LEGACY without file-system paths: every key is a file of the bucket.
    private func flat(_ keys: [(name: String, size: UInt64, replicated: UInt64)]) -> ExpectedTotals {
        var bucket = ExpectedTotals()
        for key in keys { bucket.addFile(size: key.size, replicated: key.replicated) }
        return bucket
    }

    /// `a/b/c` → `a/`, `a/b/`; with `includeWhole`, a name ending in `/` is its own prefix.
    static func prefixes(of name: String, includeWhole: Bool) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in name {
            current.append(ch)
            if ch == "/" && (includeWhole || current.count < name.count) { out.append(current) }
        }
        return out
    }
}
