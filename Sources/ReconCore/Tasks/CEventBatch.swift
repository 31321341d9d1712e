import CReconTask

/// The C view of an ``OMEventBatch``: every event as a `recon_event`, each OM value
/// decoded once into `recon_record` views, all in one arena. Built once per batch
/// and shared by every plugin, each of which sees only the tables it consumes.
/// Immutable after construction, so plugins may read it from several threads.
final class CEventBatch: @unchecked Sendable {
    private let arena: CArena
    private let events: UnsafeMutablePointer<recon_event>
    private let eventTables: [Int]
    private let tables: [String]
    /// First and last OM sequence covered.
    let firstSequence: UInt64, lastSequence: UInt64
    /// Number of events.
    let count: Int

    /// Builds the view. Values of tables in `decodeTables` are decoded with `decoder`.
    init(_ batch: OMEventBatch, decoder: (any OMRecordDecoding)?, decodeTables: Set<String>) {
        firstSequence = batch.firstSequence
        lastSequence = batch.lastSequence
        count = batch.count
        tables = batch.tables
        let arena = CArena(chunkSize: 256 * 1024)
        self.arena = arena
        events = arena.allocate(recon_event.self, count: batch.count)
        let storage = batch.storage.withUnsafeBytes { arena.copy($0) }
        let base = UnsafeRawPointer(storage.0)
        let tableNames = batch.tables.map { name -> recon_str in
            let (p, n) = arena.copy(name)
            return recon_str(ptr: p, len: n)
        }
        // Decide once per table whether and how its values are decoded.
        let tableKinds = batch.tables.map { table -> recon_record_kind? in
            guard decodeTables.contains(table) || decodeTables.contains("*") else { return nil }
            return decoder?.kind(ofTable: table)
        }
        var eventTables: [Int] = []
        eventTables.reserveCapacity(batch.count)
        for (i, e) in batch.events.enumerated() {
            func slice(_ r: Range<Int>) -> recon_bytes {
                guard let base, !r.isEmpty else { return recon_bytes(ptr: nil, len: 0) }
                return recon_bytes(ptr: (base + r.lowerBound).assumingMemoryBound(to: UInt8.self), len: r.count)
            }
            let table = Int(e.tableIndex)
            var record: UnsafePointer<recon_record>?
            var oldRecord: UnsafePointer<recon_record>?
            if let decoder, let kind = tableKinds[table] {
                record = decoder.decode(kind: kind, value: raw(slice(e.value)), into: arena)
                if let old = e.oldValue {
                    oldRecord = decoder.decode(kind: kind, value: raw(slice(old)), into: arena)
                }
            }
            (events + i).initialize(to: recon_event(
                struct_size: UInt32(MemoryLayout<recon_event>.size), action: UInt32(e.action.rawValue),
                table: tableNames[table], key: slice(e.key), value: slice(e.value),
                old_value: e.oldValue.map(slice) ?? recon_bytes(ptr: nil, len: 0),
                record: record, old_record: oldRecord, sequence: e.sequence))
            eventTables.append(table)
        }
        self.eventTables = eventTables
    }

    /// Number of events `plugin` would see.
    func eventCount(for plugin: PluginDescriptorInfo) -> Int {
        let wanted = tables.map { plugin.consumes(table: $0) }
        return eventTables.reduce(0) { $0 + (wanted[$1] ? 1 : 0) }
    }

    /// Calls `body` with the batch as `plugin` sees it (only the tables it consumes).
    func withBatch<R>(for plugin: PluginDescriptorInfo, _ body: (UnsafePointer<recon_event_batch>) throws -> R) rethrows -> R {
        let wanted = tables.map { plugin.consumes(table: $0) }
        var pointers: [UnsafePointer<recon_event>?] = []
        pointers.reserveCapacity(count)
        for i in 0..<count where wanted[eventTables[i]] {
            pointers.append(UnsafePointer(events + i))
        }
        return try pointers.withUnsafeBufferPointer { buffer in
            var batch = recon_event_batch(
                struct_size: UInt32(MemoryLayout<recon_event_batch>.size),
                first_sequence: firstSequence, last_sequence: lastSequence,
                count: buffer.count, events: buffer.baseAddress)
            return try withUnsafePointer(to: &batch) { try body($0) }
        }
    }
}
