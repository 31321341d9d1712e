import Foundation

/// Plugins read the OM replica through the host service table. A table the replica
/// does not have (e.g. a lifecycle table on an older OM) reads as empty.
extension OMReplica: OMReplicaReading {
    func get(table: String, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool {
        guard hasTable(table) else { return false }
        return try withValue(table: table, key: key) { value in
            guard let value else { return false }
            buffer.set(value)
            return true
        }
    }

    func scanPrefix(
        table: String, prefix: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        guard hasTable(table) else { return }
        try forEach(table: table, prefix: prefix, visit)
    }
}
