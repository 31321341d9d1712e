/// The generation a staged reprocess builds: a new `gen-N` directory opened in bulk
/// mode (no WAL, no syncs, no redo log) with every plugin's store. It is not live
/// and not named by CURRENT until the switch, so a crash anywhere before that leaves
/// a directory that startup's ``GenerationDirectory/removeLeftovers()`` deletes.
final class StagedGeneration: Sendable {
    /// Its id.
    let id: GenerationID
    /// The open generation.
    let generation: TaskGeneration
    private let stores: [String: PluginStore]

    private init(id: GenerationID, generation: TaskGeneration, stores: [String: PluginStore]) {
        self.id = id
        self.generation = generation
        self.stores = stores
    }

    /// Creates the directory (numbered above every existing generation) and opens it
    /// in bulk mode with the stores of `plugins`. Deletes the directory again when
    /// opening fails.
    static func create(
        in generations: GenerationDirectory, plugins: [PluginInstance], options: TaskStorageOptions
    ) throws -> StagedGeneration {
        let id = try generations.createStaged()
        var bulk = options
        bulk.bulkLoad = true
        do {
            let specs = plugins.map { PluginStorageSpec(name: $0.name, kvTables: $0.info.kvTables) }
            let generation = try TaskGeneration.open(at: generations.path(of: id), id: id, plugins: specs, options: bulk)
            do {
                var stores: [String: PluginStore] = [:]
                for plugin in plugins { stores[plugin.name] = try generation.pluginStore(named: plugin.name) }
                return StagedGeneration(id: id, generation: generation, stores: stores)
            } catch {
                generation.close()
                throw error
            }
        } catch {
            try? generations.remove(id)
            throw error
        }
    }

    /// The store of `plugin`.
    func store(_ plugin: PluginInstance) -> PluginStore {
        stores[plugin.name]!
    }

    /// Closes the generation and deletes its directory (rollback).
    func discard(from generations: GenerationDirectory) throws {
        generation.close()
        try generations.remove(id)
    }

    /// Closes the generation's handles and leaves its files (a simulated crash).
    func abandon() {
        generation.close()
    }
}

/// The one way the staged reprocess writes: a plugin call inside a fresh host
/// transaction, committed with the plugin's cursor when the call succeeds and rolled
/// back when it throws (recon_task.h, TRANSACTIONS).
enum StagedWrite {
    /// Runs `body` in a new transaction on `store`; commits with `cursor`, or, when
    /// `cursor` is nil, commits (with the store's current cursor sequence) only if
    /// `body` wrote something and rolls back otherwise.
    static func run(_ store: PluginStore, cursor: UInt64?, _ body: (HostTransaction) throws -> Void) throws {
        let transaction = try store.beginTransaction()
        do {
            try body(transaction)
            if let cursor {
                try transaction.commit(cursor: cursor)
            } else if transaction.hasWrites {
                try transaction.commit(cursor: store.cursor().sequence)
            } else {
                transaction.rollback()
            }
        } catch {
            transaction.rollback()
            throw error
        }
    }

    /// A write context for `plugin` on `transaction`: no OM scans (the host runs the
    /// shared scan), point reads from `omReplica`, records decoded by `decoder`.
    static func context(
        _ plugin: PluginInstance, _ transaction: HostTransaction, omReplica: (any OMReplicaReading)?,
        decoder: (any OMRecordDecoding)?, allowOMScan: Bool = false
    ) -> HostContext {
        plugin.context(
            .storage(TransactionSession(transaction)), omReplica: omReplica, allowOMScan: allowOMScan,
            recordDecoder: decoder)
    }
}
