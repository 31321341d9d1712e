import CReconTask
import Foundation
import Logging
import ReconRocksDB
import ReconTestSupport
import Synchronization

@testable import ReconCore

/// The C plugins, compiled once per test process.
enum StagingPlugins {
    static let libraries: (hello: URL, flaky: URL) = {
        let dir = try! TestPaths.makeTemporaryDirectory("recon-staging-libs")
        let hello = dir.file("libhello_c.so")
        try! CCompiler.sharedLibrary(
            [TestPaths.packageRoot.appendingPathComponent("Plugins/Examples/hello_c/hello_c.c")], output: hello)
        let flaky = dir.file("libflaky.so")
        try! CCompiler.sharedLibrary(
            [TestPaths.packageRoot.appendingPathComponent("Tests/StagingTests/Fixtures/flaky.c")], output: flaky)
        return (hello, flaky)
    }()
}

/// Decodes keyTable and fileTable values as key records whose data_size is the value's
/// length, and counts its calls (to show that a chunk is decoded once for all plugins).
final class CountingDecoder: OMRecordDecoding, Sendable {
    let calls = Atomic<Int>(0)

    func kind(ofTable table: String) -> recon_record_kind? {
        table == "keyTable" || table == "fileTable" ? RECON_RECORD_KEY : nil
    }

    func decode(kind: recon_record_kind, value: UnsafeRawBufferPointer, into arena: CArena) -> UnsafePointer<recon_record>? {
        calls.add(1, ordering: .relaxed)
        var key = recon_key_record()
        key.struct_size = UInt32(MemoryLayout<recon_key_record>.size)
        key.data_size = UInt64(value.count)
        key.is_file = -1
        var record = recon_record()
        record.struct_size = UInt32(MemoryLayout<recon_record>.size)
        record.kind = RECON_RECORD_KEY.rawValue
        record.key = UnsafePointer(arena.store(key))
        return UnsafePointer(arena.store(record))
    }
}

/// What the plugins computed in one generation.
struct Outputs: Equatable, Sendable, CustomStringConvertible {
    /// hello_c's table_counts rows.
    var hello: [[SQLValue]] = []
    /// hello_c's last_key table.
    var lastKeys: [String: [UInt8]] = [:]
    /// flaky's counts.
    var counts: [String: Int64] = [:]

    var description: String { "hello=\(hello) lastKeys=\(lastKeys.mapValues { String(decoding: $0, as: UTF8.self) }) counts=\(counts)" }

    /// Reads them through read views of `generation`.
    static func read(_ generation: TaskGeneration) throws -> Outputs {
        var out = Outputs()
        let stores = generation.pluginStores
        if let hello = stores["hello_c"] {
            let view = try hello.readView()
            defer { view.close() }
            try view.sqlExec("SELECT table_name, puts, updates, deletes, bytes FROM table_counts ORDER BY table_name") { row in
                out.hello.append(row)
                return true
            }
            try view.kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { k, v in
                out.lastKeys[String(decoding: k, as: UTF8.self)] = Array(v)
                return true
            }
        }
        if let flaky = stores["flaky"] {
            let view = try flaky.readView()
            defer { view.close() }
            try view.kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { k, v in
                out.counts[String(decoding: k, as: UTF8.self)] = Int64(bitPattern: v.reduce(0) { $0 << 8 | UInt64($1) })
                return true
            }
        }
        return out
    }
}

/// A live generation with real plugins, an OM fixture, and a reprocessor factory.
final class StagingHarness: @unchecked Sendable {
    let dir: TemporaryDirectory
    let om: OMFixture
    let plugins: [PluginInstance]
    let generations: GenerationDirectory
    let live: LiveGeneration
    let statusBoard = TaskStatusBoard()
    let decoder = CountingDecoder()
    let options = TaskStorageOptions(rocksDB: RocksDBOptions(blockCacheBytes: 1 << 20, writeBufferBytes: 1 << 20))
    let logger = Logger(label: "staging-test")

    /// hello_c (when `hello`) and flaky with `flakyConfig` (when not nil); a live
    /// generation gen-1 holding one batch of "old" data at sequence 10.
    init(hello: Bool = true, flakyConfig: String? = "{}", workers: Int = 2, scale: Int = 1) async throws {
        dir = try TestPaths.makeTemporaryDirectory("recon-staging")
        om = try OMFixture(path: dir.file("om").path, scale: scale)
        var configs: [PluginConfig] = []
        if hello { configs.append(PluginConfig(name: "hello_c", path: StagingPlugins.libraries.hello.path)) }
        if let flakyConfig {
            configs.append(PluginConfig(name: "flaky", path: StagingPlugins.libraries.flaky.path, configJSON: flakyConfig))
        }
        let loaded = try DynamicPluginLoader().load(configs)
        plugins = try loaded.map { try PluginInstance.create($0, logger: Logger(label: "plugin"), reprocessWorkers: workers) }
        generations = try GenerationDirectory(root: dir.file("data/tasks"))
        live = LiveGeneration(try Self.bootstrap(generations, plugins, options))
        for p in plugins { statusBoard.register(p.name, sequence: 0) }
        var old = OMEventBatch(firstSequence: 1, lastSequence: 10)
        old.append(.put, table: "keyTable", key: Array("/old/bucket/key".utf8), value: [1], sequence: 10)
        old.append(.put, table: "volumeTable", key: Array("/old".utf8), value: [2], sequence: 10)
        try await processLive(old)
    }

    deinit {
        live.replace(with: nil, deleteOldFiles: false)
        plugins.forEach { $0.destroy() }
        dir.remove()
    }

    /// The first generation, as the kernel builds it.
    private static func bootstrap(_ generations: GenerationDirectory, _ plugins: [PluginInstance], _ options: TaskStorageOptions) throws -> TaskGeneration {
        let id = try generations.createStaged()
        let specs = plugins.map { PluginStorageSpec(name: $0.name, kvTables: $0.info.kvTables) }
        let generation = try TaskGeneration.open(at: generations.path(of: id), id: id, plugins: specs, options: options)
        for plugin in plugins {
            try StagedWrite.run(try generation.pluginStore(named: plugin.name), cursor: 0) { t in
                try plugin.initStore(plugin.context(.storage(TransactionSession(t))))
            }
        }
        try generation.flushAndSync()
        try generations.markComplete(id)
        try generations.switchCurrent(to: id)
        return generation
    }

    /// A reprocessor over this harness.
    func reprocessor(
        workers: Int = 2, maxRetries: Int = 3, backoff: Duration = .milliseconds(20), backoffMax: Duration = .milliseconds(80),
        eventBuffer: Int = 1000, chunking: ScanChunking = ScanChunking(maxRecords: 37, maxBytes: 4096)
    ) -> StagedReprocessor {
        StagedReprocessor(
            plugins: plugins, generations: generations, live: live, storageOptions: options,
            config: StagingConfig(maxRetries: maxRetries, backoff: backoff, backoffMax: backoffMax, eventBuffer: eventBuffer, workers: workers),
            decoder: decoder, omReplica: nil, statusBoard: statusBoard, logger: logger, chunking: chunking)
    }

    /// Processes a batch on the live generation, as the kernel does.
    func processLive(_ batch: OMEventBatch) async throws {
        let controller = TaskController(plugins: plugins, omReplica: nil, decoder: decoder, statusBoard: statusBoard, logger: logger)
        guard let lease = live.lease() else { throw KernelError.noLiveGeneration }
        defer { lease.release() }
        let outcomes = await controller.process(batch, generation: lease.generation)
        for (name, outcome) in outcomes {
            if case .failed(let messages) = outcome { throw StorageError(.invalidArgument, "processLive", "\(name): \(messages)") }
        }
    }

    /// What the live generation serves.
    func liveOutputs() throws -> Outputs {
        try live.withLease { try Outputs.read($0) }
    }

    /// The generation directories on disk.
    func generationNames() throws -> [String] {
        try generations.generations().map(\.directoryName)
    }

    /// Builds, in a separate directory, what the plugins compute with their `process`
    /// path from scratch: every record of the view as PUTs (one batch per table, in
    /// key order), then `deltas`.
    func fromScratch(_ view: any OMScanView, deltas: [OMEventBatch] = []) throws -> Outputs {
        let root = try GenerationDirectory(root: dir.file("reference-\(UUID().uuidString.prefix(6))"))
        let generation = try Self.bootstrap(root, plugins, options)
        defer { generation.close() }
        var batches: [OMEventBatch] = []
        for table in view.tables.sorted() {
            var b = OMEventBatch(firstSequence: view.sequence, lastSequence: view.sequence)
            try view.scan(table: table, range: .all) { k, v in
                b.append(.put, table: table, key: k, value: v, sequence: view.sequence)
                return true
            }
            batches.append(b)
        }
        let decodeTables = Set(plugins.flatMap(\.info.omTables))
        func apply(_ batch: OMEventBatch) throws {
            let records = CEventBatch(batch, decoder: decoder, decodeTables: decodeTables)
            for plugin in plugins {
                try StagedWrite.run(try generation.pluginStore(named: plugin.name), cursor: batch.lastSequence) { t in
                    guard records.eventCount(for: plugin.info) > 0 else { return }
                    try records.withBatch(for: plugin.info) { try plugin.process($0, plugin.context(.storage(TransactionSession(t)))) }
                }
            }
        }
        for batch in batches { try apply(batch) }
        var through = view.sequence
        for batch in deltas where batch.lastSequence > through {
            try apply(CatchUpApplier.dropping(batch, atOrBelow: through))
            through = batch.lastSequence
        }
        return try Outputs.read(generation)
    }
}

/// Records states in order, thread-safely.
final class StateLog: Sendable {
    private let states = Mutex<[StagingState]>([])
    func record(_ s: StagingState) { states.withLock { $0.append(s) } }
    var all: [StagingState] { states.withLock { $0 } }
}
