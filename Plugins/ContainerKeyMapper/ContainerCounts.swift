import ReconTaskKit

/// The per-container mapping counts and the number of containers that have mappings.
enum ContainerCounts {
    /// The count of `container`, 0 when it has no row.
    static func count(_ container: Int64, in reader: some StoreReader) throws -> UInt64 {
        try reader.withKVValue(StorageLayout.containerCounts, MappingKeys.containerStart(container)) { value in
            value.flatMap { LittleEndian.decode(UInt64.self, from: $0) } ?? 0
        }
    }

    /// The number of containers with at least one mapping.
    static func totalContainers(in reader: some StoreReader) throws -> UInt64 {
        try reader.withKVValue(StorageLayout.meta, StorageLayout.totalContainersKey) { value in
            value.flatMap { LittleEndian.decode(UInt64.self, from: $0) } ?? 0
        }
    }

    /// Adds `deltas` (container → change of its count) to the stored counts, one read and
    /// one write per container, and keeps the container total in step: a container whose
    /// count reaches 0 loses its row.
    /// - Throws: ``ReconTaskError/Code/failed`` when a count would become negative (the
    ///   store disagrees with itself; the host then rebuilds it).
    static func apply(_ deltas: [Int64: Int64], _ tx: Transaction) throws {
        var total = Int64(try totalContainers(in: tx))
        var totalChanged = false
        for (container, delta) in deltas where delta != 0 {
            let old = Int64(try count(container, in: tx))
            let new = old + delta
            guard new >= 0 else {
                throw ReconTaskError.failed("container \(container): count \(old) would drop by \(-delta)")
            }
            let key = MappingKeys.containerStart(container)
            if new == 0 {
                try tx.kvDelete(StorageLayout.containerCounts, key)
            } else {
                try tx.kvPut(StorageLayout.containerCounts, key, LittleEndian.bytes(UInt64(new)))
            }
            if old == 0 && new > 0 { total += 1; totalChanged = true }
            if old > 0 && new == 0 { total -= 1; totalChanged = true }
        }
        if totalChanged {
            try tx.kvPut(StorageLayout.meta, StorageLayout.totalContainersKey, LittleEndian.bytes(UInt64(max(total, 0))))
        }
    }
}
