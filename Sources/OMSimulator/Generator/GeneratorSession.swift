import OzoneFormat
import ReconRocksDB

/// The state of one generation run: the open DB, the batch being filled, the random stream,
/// the OM's transaction counter and the namespace built so far.
struct GeneratorSession {
    let database: OMDatabase
    let options: OMGeneratorOptions
    let started: ContinuousClock.Instant

    // Column families written on the hot path.
    let keyTable: RocksDB.ColumnFamily
    let fileTable: RocksDB.ColumnFamily
    let directoryTable: RocksDB.ColumnFamily
    let openKeyTable: RocksDB.ColumnFamily
    let openFileTable: RocksDB.ColumnFamily
    let deletedTable: RocksDB.ColumnFamily
    let deletedDirectoryTable: RocksDB.ColumnFamily
    let multipartInfoTable: RocksDB.ColumnFamily
    let multipartPartsTable: RocksDB.ColumnFamily

    let batch = RocksDB.WriteBatch()
    var batchBytes = 0
    var counts: [Int]

    var random: SimulatorRandom
    /// The last OM transaction index used.
    var transaction: UInt64 = 0
    let millisPerTransaction: UInt64
    let startTimeMillis: UInt64
    var allocator = ContainerAllocator()

    var key = KeyWriter()
    var value = ProtoWriter(capacity: 4096)
    var nested = ProtoWriter(capacity: 4096)
    var record = KeyInfoRecord()
    var scratch: [UInt8] = []

    var volumes: [GenVolume] = []
    var buckets: [GenBucket] = []
    var bucketWeights: [Double] = []
    /// A pool of ETag values shared by keys (no per-key allocation).
    var etags: [[UInt8]] = []
    /// The first bucket of each style (coverage guarantees).
    var firstBucketOfStyle: [BucketStyle: Int] = [:]

    /// Flush the batch when it holds this many bytes.
    static let batchLimit = 8 << 20

    init(database: OMDatabase, options: OMGeneratorOptions, started: ContinuousClock.Instant) throws {
        self.database = database
        self.options = options
        self.started = started
        keyTable = try database.cf(.keyTable)
        fileTable = try database.cf(.fileTable)
        directoryTable = try database.cf(.directoryTable)
        openKeyTable = try database.cf(.openKeyTable)
        openFileTable = try database.cf(.openFileTable)
        deletedTable = try database.cf(.deletedTable)
        deletedDirectoryTable = try database.cf(.deletedDirectoryTable)
        multipartInfoTable = try database.cf(.multipartInfoTable)
        multipartPartsTable = try database.cf(.multipartPartsTable)
        counts = [Int](repeating: 0, count: OMTable.allCases.count)
        random = SimulatorRandom(seed: options.seed)
        let estimatedTransactions = UInt64(options.keys) * 5 / 2 + 2000
        millisPerTransaction = max(1, OMGeneratorModel.historyMillis / estimatedTransactions)
        startTimeMillis = OMGeneratorModel.endTimeMillis - millisPerTransaction * estimatedTransactions
    }

    // MARK: Clock and ids

    /// Starts the next OM transaction and returns its index.
    @inline(__always)
    mutating func nextTransaction() -> UInt64 {
        transaction += 1
        return transaction
    }

    /// Logical wall time of a transaction, ms since the epoch.
    @inline(__always)
    func time(_ transaction: UInt64) -> UInt64 {
        startTimeMillis &+ transaction &* millisPerTransaction
    }

    var simulatorState: SimulatorState {
        SimulatorState(seed: options.seed, startTimeMillis: startTimeMillis,
                       millisPerTransaction: millisPerTransaction, allocator: allocator)
    }

    // MARK: Writing

    /// Adds `key` → `value` (the session's buffers) to the batch for `table`.
    @inline(__always)
    mutating func putCurrent(_ cf: RocksDB.ColumnFamily, _ table: OMTable) throws {
        batch.put(cf, key: key.bytes, value: value.bytes)
        counts[OMDatabase.ordinal(table)] += 1
        batchBytes += key.bytes.count + value.bytes.count + 8
        if batchBytes >= Self.batchLimit { try writeBatch() }
    }

    /// Adds an arbitrary entry.
    mutating func put(_ table: OMTable, key: [UInt8], value: [UInt8]) throws {
        batch.put(try database.cf(table), key: key, value: value)
        counts[OMDatabase.ordinal(table)] += 1
        batchBytes += key.count + value.count + 8
        if batchBytes >= Self.batchLimit { try writeBatch() }
    }

    /// Writes the pending batch without the WAL (made durable by the final flush).
    mutating func writeBatch() throws {
        guard batch.count > 0 else { return }
        try database.db.write(batch, sync: false, disableWAL: true)
        batch.clear()
        batchBytes = 0
    }

    var tableCounts: [String: Int] {
        var out: [String: Int] = [:]
        for (i, table) in OMTable.allCases.enumerated() where counts[i] > 0 { out[table.name] = counts[i] }
        return out
    }

    var bucketsByStyle: [String: Int] {
        var out: [String: Int] = [:]
        for b in buckets { out[b.style.rawValue, default: 0] += 1 }
        return out
    }

    func report(_ written: Int, phase: String) {
        guard let progress = options.progress else { return }
        let elapsed = started.duration(to: .now)
        progress(OMGenerationProgress(
            keysWritten: written, keysTotal: options.keys,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            phase: phase))
    }

    // MARK: Run

    mutating func run() throws {
        setUpNamespace()
        let total = options.keys
        let interval = max(1, options.progressInterval)
        for i in 0..<total {
            let b = random.weighted(bucketWeights)
            try writeCommittedKey(bucket: b)
            let u = random.unit()
            if u < 0.015 {
                try writeOpenKey(bucket: b)
            } else if u < 0.040 {
                try writeDeletedKey(bucket: b)
            } else if u < 0.043 {
                try writeMultipartUpload(bucket: b, splitParts: random.chance(0.5))
            } else if u < 0.045, buckets[b].isFSO {
                try writeDeletedDirectory(bucket: b)
            }
            if (i + 1) % interval == 0 { report(i + 1, phase: "keys") }
        }
        try writeCoverageExtras()
        try writeLifecycleConfigurations()
        try writeNamespaceRecords()
        try writeBatch()
    }

    /// Flushes every table (and compacts when asked), so the DB is complete without a WAL.
    mutating func finish() throws {
        report(options.keys, phase: "flush")
        try database.db.flush()
        if options.compact {
            report(options.keys, phase: "compact")
            for table in OMTable.allCases where counts[OMDatabase.ordinal(table)] > 0 {
                try database.db.compactRange(try database.cf(table))
            }
        }
    }

    /// One of each rare entry kind in the first bucket of each style, so that small
    /// generations still exercise every table.
    mutating func writeCoverageExtras() throws {
        for style in BucketStyle.allCases {
            guard let b = firstBucketOfStyle[style] else { continue }
            try writeOpenKey(bucket: b)
            try writeDeletedKey(bucket: b)
            try writeMultipartUpload(bucket: b, splitParts: false)
            try writeMultipartUpload(bucket: b, splitParts: true)
            if style == .fso { try writeDeletedDirectory(bucket: b) }
        }
    }
}
