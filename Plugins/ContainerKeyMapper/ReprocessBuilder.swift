import ReconTaskKit

/// The full rebuild from the host's shared scan: each worker writes its mappings and
/// directory entries straight through its chunk's transaction and counts mappings per
/// container in memory (bounded by the number of containers, not keys); the merge adds
/// the workers' counts and writes them, the container total and the built marker.
final class ReprocessBuilder: Sendable {
    /// One worker's counts and reusable buffers (no allocation per record).
    struct WorkerState {
        var counts = IDCounts()
        var seen: [Mapping] = []
        var containerKey: [UInt8] = []
        var keyContainer: [UInt8] = []
        var directoryValue: [UInt8] = []
    }

    private let workers = WorkerLocal<WorkerState>()

    /// Starts a rebuild with `count` workers.
    func begin(workers count: Int) {
        workers.reset(workers: count) { WorkerState() }
    }

    /// Handles one chunk of worker `worker`.
    func chunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        try workers.withSlot(worker) { state in
            for record in records {
                switch record.table {
                case "keyTable", "fileTable":
                    guard let key = record.keyRecord else { continue }
                    try addMappings(of: key, omKey: record.key, state: &state, tx)
                case "directoryTable":
                    guard let directory = record.record?.directory else { continue }
                    try DirectoryIndex.put(directory, tx, scratch: &state.directoryValue)
                default:
                    continue
                }
            }
        }
    }

    /// Writes the summed counts, the container total and the built marker.
    func merge(_ tx: Transaction) throws {
        var counts = IDCounts()
        for state in workers.drain() {
            counts.add(state.counts)
        }
        var total: UInt64 = 0
        try counts.forEach { container, count in
            guard count > 0 else { return }
            try tx.kvPut(StorageLayout.containerCounts, MappingKeys.containerStart(container), LittleEndian.bytes(UInt64(count)))
            total += 1
        }
        try tx.kvPut(StorageLayout.meta, StorageLayout.totalContainersKey, LittleEndian.bytes(total))
        try tx.kvPut(StorageLayout.meta, StorageLayout.builtMarker, [1])
    }

    /// Writes both mapping rows of every distinct (container, version) of `key`.
    private func addMappings(
        of key: KeyRecord, omKey: UnsafeRawBufferPointer, state: inout WorkerState, _ tx: Transaction
    ) throws {
        var seen: [Mapping] = []
        swap(&seen, &state.seen)
        defer { swap(&seen, &state.seen) }
        try key.forEachMapping(seen: &seen) { mapping in
            MappingKeys.containerKey(container: mapping.container, omKey: omKey, version: mapping.version, into: &state.containerKey)
            try tx.kvPut(StorageLayout.containerKeys, state.containerKey, StorageLayout.emptyValue)
            MappingKeys.keyContainer(omKey: omKey, version: mapping.version, container: mapping.container, into: &state.keyContainer)
            try tx.kvPut(StorageLayout.keyContainers, state.keyContainer, StorageLayout.emptyValue)
            state.counts.add(mapping.container)
        }
    }
}
