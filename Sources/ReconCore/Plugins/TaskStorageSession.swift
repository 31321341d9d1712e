/// What one plugin call may do with task storage: a write transaction (process,
/// reprocess, init_store) or a read view pinned to one generation (queries).
/// The seam between the host's C service table and the storage engine.
protocol TaskStorageSession: AnyObject {
    /// Whether writes are allowed.
    var isWritable: Bool { get }
    /// Copies the value of `key` into `buffer`; false when absent.
    func kvGet(table: Int, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool
    /// Puts `value` at `key`.
    func kvPut(table: Int, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws
    /// Deletes `key`.
    func kvDelete(table: Int, key: UnsafeRawBufferPointer) throws
    /// Visits keys in `[start, end)` (empty end: to the last key); `visit` returns false to stop.
    func kvScan(
        table: Int, start: UnsafeRawBufferPointer, end: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws
    /// Runs one SQL statement; `onRow` returns false to stop.
    func sqlExec(_ sql: String, params: [SQLValue], onRow: (([SQLValue]) throws -> Bool)?) throws
}

/// Read access to the local OM replica, as plugins see it through the host table.
protocol OMReplicaReading: Sendable {
    /// Copies the value of `key` in OM column family `table` into `buffer`; false when absent.
    func get(table: String, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool
    /// Visits keys of `table` starting with `prefix`, in order; `visit` returns false to stop.
    func scanPrefix(
        table: String, prefix: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws
}
