import ReconTaskKit

/// How the keys of a names-based bucket (keyTable) form a tree.
enum NamesLayout: Sendable {
    /// OBS: every key is a file of the bucket (Recon's view); `/`-delimited prefixes are
    /// kept as well for `delimiter=/` requests.
    case objectStore
    /// LEGACY with file-system paths: `dir/` keys are directories, other keys files below
    /// the directories their names pass through.
    case legacyPaths
    /// LEGACY without file-system paths: every key is a file of the bucket.
    case flat

    /// The layout of a bucket, or `nil` for FSO (its keys are in fileTable).
    init?(_ layout: BucketLayout, legacyFileSystemPaths: Bool) {
        switch layout {
        case .obs: self = .objectStore
        case .legacy: self = legacyFileSystemPaths ? .legacyPaths : .flat
        default: return nil
        }
    }

    /// Whether this layout keeps prefix entities (and of which kind).
    var prefixKind: EntityKind? {
        switch self {
        case .objectStore: .objectStorePrefix
        case .legacyPaths: .legacyPrefix
        case .flat: nil
        }
    }
}

/// The event rules for one key of a names-based bucket: what adding (`sign` 1) or
/// removing (`sign` -1) the key changes.
///
/// - flat: the bucket gains or loses one file.
/// - objectStore: the bucket and every prefix of the name (the name itself too when it
///   ends in `/`) gain or lose the file. With `trackPrefixDirectories` (process), a
///   prefix that becomes non-empty (or empty) also adds (or removes) one directory on
///   each of its ancestors; reprocess counts those in its merge instead.
/// - legacyPaths: a name ending in `/` is a directory marker: its own prefix gains or
///   loses the marker and every proper ancestor (and the bucket) one directory. Any
///   other name is a file of the bucket and of every prefix it passes through.
enum NameRules {
    /// Applies one key.
    static func apply<T: SummaryTarget>(
        _ target: inout T, layout: NamesLayout, bucket: UInt64, name: UnsafeRawBufferPointer,
        size: UInt64, replicated: UInt64, sign: Int64, trackPrefixDirectories: Bool
    ) throws {
        switch layout {
        case .flat:
            try target.updateObject(bucket) { $0.totals.addFile(size: size, replicated: replicated, sign: sign) }
        case .objectStore:
            var changed: Int64 = 0
            try NamePrefixes.forEachDeepestFirst(name, includeWhole: true) { prefix, hash in
                try target.update(.prefix(.objectStorePrefix, bucket: bucket, hash: hash), name: prefix) { s in
                    let wasEmpty = s.totals.files == 0
                    s.totals.addFile(size: size, replicated: replicated, sign: sign)
                    guard trackPrefixDirectories else { return }
                    s.totals.directories &+= sign &* changed
                    if wasEmpty != (s.totals.files == 0) { changed += 1 }
                }
            }
            try target.updateObject(bucket) { s in
                s.totals.addFile(size: size, replicated: replicated, sign: sign)
                if trackPrefixDirectories { s.totals.directories &+= sign &* changed }
            }
        case .legacyPaths:
            if name.last == NamePrefixes.slash {
                try target.update(.prefix(.legacyPrefix, bucket: bucket, name: name), name: name) { $0.markers &+= sign }
                try NamePrefixes.forEachDeepestFirst(name, includeWhole: false) { prefix, hash in
                    try target.update(.prefix(.legacyPrefix, bucket: bucket, hash: hash), name: prefix) {
                        $0.totals.directories &+= sign
                    }
                }
                try target.updateObject(bucket) { $0.totals.directories &+= sign }
            } else {
                try NamePrefixes.forEachDeepestFirst(name, includeWhole: false) { prefix, hash in
                    try target.update(.prefix(.legacyPrefix, bucket: bucket, hash: hash), name: prefix) {
                        $0.totals.addFile(size: size, replicated: replicated, sign: sign)
                    }
                }
                try target.updateObject(bucket) { $0.totals.addFile(size: size, replicated: replicated, sign: sign) }
            }
        }
    }
}
