import ReconTaskKit

/// Applies one `process` batch: finds each touched key's mappings before the batch,
/// follows the key through every event of the batch, then writes only the difference
/// and adjusts each container's count once.
///
/// A key's mappings before the batch come from its first event in the batch, whose
/// pre-image is the OM's row at the plugin's cursor — what the tables hold: none
/// before a PUT, the old record's before an UPDATE, the deleted record's before a
/// DELETE. Only when that record cannot be decoded are the stored rows read (a prefix
/// scan of `key_containers`). Following the key from there keeps the tables exact
/// whatever the order of later events (a PUT after a DELETE, a key touched several
/// times) and never counts a mapping twice.
struct BatchApplier {
    /// A key's mappings before the batch and after the events seen so far.
    private struct TouchedKey {
        /// The committed mappings.
        var before: Set<Mapping>
        /// The mappings after the last event seen.
        var after: Set<Mapping>
    }

    /// OM key → its mappings before and now.
    private var touched: [[UInt8]: TouchedKey] = [:]
    /// The touched keys in the order first seen (deterministic writes).
    private var order: [[UInt8]] = []
    /// A reusable key buffer.
    private var scratch: [UInt8] = []

    /// Applies `event` (any table the plugin consumes).
    mutating func apply(_ event: Event, _ tx: Transaction) throws {
        switch event.table {
        case "keyTable", "fileTable":
            try applyKey(event, tx)
        case "directoryTable":
            try applyDirectory(event, tx)
        default:
            return
        }
    }

    /// Writes the mapping differences of every touched key and the count changes.
    mutating func finish(_ tx: Transaction) throws {
        var deltas: [Int64: Int64] = [:]
        var containerKey: [UInt8] = []
        for omKey in order {
            guard let key = touched[omKey] else { continue }
            for mapping in key.before.subtracting(key.after) {
                MappingKeys.containerKey(container: mapping.container, omKey: omKey, version: mapping.version, into: &containerKey)
                try tx.kvDelete(StorageLayout.containerKeys, containerKey)
                MappingKeys.keyContainer(omKey: omKey, version: mapping.version, container: mapping.container, into: &scratch)
                try tx.kvDelete(StorageLayout.keyContainers, scratch)
                deltas[mapping.container, default: 0] -= 1
            }
            for mapping in key.after.subtracting(key.before) {
                MappingKeys.containerKey(container: mapping.container, omKey: omKey, version: mapping.version, into: &containerKey)
                try tx.kvPut(StorageLayout.containerKeys, containerKey, StorageLayout.emptyValue)
                MappingKeys.keyContainer(omKey: omKey, version: mapping.version, container: mapping.container, into: &scratch)
                try tx.kvPut(StorageLayout.keyContainers, scratch, StorageLayout.emptyValue)
                deltas[mapping.container, default: 0] += 1
            }
        }
        try ContainerCounts.apply(deltas, tx)
        touched.removeAll()
        order.removeAll()
    }

    /// PUT/UPDATE: the key's mappings become the new record's; DELETE: none.
    private mutating func applyKey(_ event: Event, _ tx: Transaction) throws {
        let omKey = event.keyBytes
        let after: Set<Mapping> = event.action == .delete ? [] : (event.keyRecord?.mappings ?? [])
        if touched[omKey] != nil {
            touched[omKey]?.after = after
            return
        }
        touched[omKey] = TouchedKey(before: try Self.preImageMappings(event) ?? storedMappings(of: omKey, tx), after: after)
        order.append(omKey)
    }

    /// The key's mappings before `event`, its first in the batch, from the event's
    /// pre-image; nil when the pre-image record is not decoded.
    private static func preImageMappings(_ event: Event) -> Set<Mapping>? {
        switch event.action {
        case .put: []
        case .update: event.oldKeyRecord?.mappings
        case .delete: event.keyRecord?.mappings
        default: nil
        }
    }

    /// The mappings of `omKey` committed before this batch.
    private func storedMappings(of omKey: [UInt8], _ tx: Transaction) throws -> Set<Mapping> {
        let range = MappingKeys.keyRange(omKey)
        var found: Set<Mapping> = []
        try tx.kvScan(StorageLayout.keyContainers, from: range.start, to: range.end) { key, _ in
            if let mapping = MappingKeys.parseKeyContainer(key, omKeyLength: omKey.count) { found.insert(mapping) }
            return true
        }
        return found
    }

    /// Keeps the directory index: an UPDATE forgets the old row, then records the new one.
    private mutating func applyDirectory(_ event: Event, _ tx: Transaction) throws {
        switch event.action {
        case .delete:
            if let directory = event.record?.directory { try DirectoryIndex.remove(directory, tx, scratch: &scratch) }
        default:
            if let old = event.oldRecord?.directory { try DirectoryIndex.remove(old, tx, scratch: &scratch) }
            if let directory = event.record?.directory { try DirectoryIndex.put(directory, tx, scratch: &scratch) }
        }
    }
}
