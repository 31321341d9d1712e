import ReconTaskKit

/// Recon's NSSummary event rules for one `process` batch, over a ``SummaryCache``.
///
/// - fileTable (FSO): a put adds the file to its parent and every ancestor up to the
///   bucket, a delete removes it, an update removes the old and adds the new.
/// - keyTable (OBS, LEGACY): the same through ``NameRules``.
/// - directoryTable: a put links the directory under its parent and adds its existing
///   totals plus itself to every ancestor (a renamed directory takes its totals along);
///   a delete subtracts them and detaches it (the entry stays until the hard delete).
/// - deletedDirectoryTable: a delete is the hard delete: the directory's entry goes.
/// - bucketTable: a put creates the bucket's entry; a delete (or an update to another
///   object id: a re-created bucket) drops the bucket's entries.
struct EventApplier {
    /// Longest parent chain followed before giving up (guards against a corrupt cycle).
    static let maxDepth = 4096

    private var cache: SummaryCache
    private var buckets = BucketLookup()
    private let tx: Transaction
    private let legacyFileSystemPaths: Bool

    /// Rules over `tx`.
    init(_ tx: Transaction, legacyFileSystemPaths: Bool) {
        self.tx = tx
        self.cache = SummaryCache(tx)
        self.legacyFileSystemPaths = legacyFileSystemPaths
    }

    /// Applies one event.
    mutating func apply(_ event: Event) throws {
        switch event.table {
        case "fileTable": try applyFile(event)
        case "keyTable": try applyNamedKey(event)
        case "directoryTable": try applyDirectory(event)
        case "deletedDirectoryTable": if event.action == .delete { try hardDelete(event) }
        case "bucketTable": try applyBucket(event)
        default: break
        }
    }

    /// Writes the batch's changes.
    func finish() throws { try cache.flush() }

    // MARK: files

    private mutating func applyFile(_ event: Event) throws {
        if event.action == .update, let old = event.oldKeyRecord { try addFile(old, sign: -1) }
        guard let record = event.keyRecord else { return }
        try addFile(record, sign: event.action == .delete ? -1 : 1)
    }

    private mutating func addFile(_ record: KeyRecord, sign: Int64) throws {
        let size = record.dataSize, replicated = record.replicatedSize
        try addAlongChain(from: record.parentObjectID) { $0.addFile(size: size, replicated: replicated, sign: sign) }
    }

    private mutating func applyNamedKey(_ event: Event) throws {
        if event.action == .update, let old = event.oldKeyRecord { try addNamedKey(old, sign: -1) }
        guard let record = event.keyRecord else { return }
        try addNamedKey(record, sign: event.action == .delete ? -1 : 1)
    }

    private mutating func addNamedKey(_ record: KeyRecord, sign: Int64) throws {
        guard let bucket = try buckets.identity(volume: record.volume, bucket: record.bucket, in: tx),
              let layout = NamesLayout(bucket.layout, legacyFileSystemPaths: legacyFileSystemPaths) else { return }
        try NameRules.apply(
            &cache, layout: layout, bucket: bucket.objectID, name: record.keyName.utf8,
            size: record.dataSize, replicated: record.replicatedSize, sign: sign, trackPrefixDirectories: true)
    }

    // MARK: directories

    private mutating func applyDirectory(_ event: Event) throws {
        guard let directory = event.record?.directory else { return }
        if event.action == .delete {
            try detach(directory.objectID)
        } else {
            try attach(directory.objectID, under: directory.parentObjectID)
        }
    }

    /// Links directory `id` under `parent`, moving its totals along.
    private mutating func attach(_ id: UInt64, under parent: UInt64) throws {
        let current = try cache.objectSummary(id)
        if let current, current.parent == parent { return }
        if current?.parent ?? 0 != 0 { try detach(id) }
        var totals = Totals()
        try cache.updateObject(id) { s in
            s.parent = parent
            totals = s.totals
        }
        try addAlongChain(from: parent) { $0.add(totals, sign: 1, extraDirectories: 1) }
    }

    /// Unlinks directory `id` from its parent, subtracting its totals from the ancestors.
    private mutating func detach(_ id: UInt64) throws {
        guard let current = try cache.objectSummary(id), current.parent != 0 else { return }
        try cache.updateObject(id) { $0.parent = 0 }
        try addAlongChain(from: current.parent) { $0.add(current.totals, sign: -1, extraDirectories: 1) }
    }

    private mutating func hardDelete(_ event: Event) throws {
        guard let id = Self.deletedDirectoryObjectID(event) else { return }
        try detach(id)
        cache.removeObject(id)
    }

    /// The object id of a deletedDirectoryTable entry: from its record, else the last
    /// component of its key (`/volId/bucketId/parentId/name/<objectId>`).
    static func deletedDirectoryObjectID(_ event: Event) -> UInt64? {
        if let id = event.keyRecord?.objectID ?? event.record?.directory?.objectID, id != 0 { return id }
        let key = event.key
        guard let cut = key.lastIndex(of: NamePrefixes.slash) else { return nil }
        return UInt64(String(decoding: UnsafeRawBufferPointer(rebasing: key[(cut + 1)...]), as: UTF8.self))
    }

    /// Applies `change` to `start` and each ancestor up to the bucket.
    private mutating func addAlongChain(from start: UInt64, _ change: (inout Totals) -> Void) throws {
        var current = start
        var steps = 0
        while current != 0 && steps < Self.maxDepth {
            var next: UInt64 = 0
            try cache.updateObject(current) { s in
                change(&s.totals)
                next = s.parent
            }
            current = next
            steps += 1
        }
    }

    // MARK: buckets

    private mutating func applyBucket(_ event: Event) throws {
        guard let bucket = event.record?.bucket else { return }
        switch event.action {
        case .delete:
            try removeBucket(bucket.objectID)
        case .update:
            if let old = event.oldRecord?.bucket, old.objectID != bucket.objectID { try removeBucket(old.objectID) }
            try ensureBucket(bucket.objectID)
        default:
            try ensureBucket(bucket.objectID)
        }
    }

    /// Creates the bucket's (empty) entry unless it has one.
    private mutating func ensureBucket(_ objectID: UInt64) throws {
        if try cache.objectSummary(objectID) == nil { try cache.updateObject(objectID) { _ in } }
    }

    private mutating func removeBucket(_ objectID: UInt64) throws {
        cache.removeObject(objectID)
        try cache.removePrefixes(ofBucket: objectID)
    }
}
