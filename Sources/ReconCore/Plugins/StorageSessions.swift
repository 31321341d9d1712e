import CReconTask

/// A plugin's write transaction as seen through the host table.
final class TransactionSession: TaskStorageSession {
    let transaction: HostTransaction

    init(_ transaction: HostTransaction) {
        self.transaction = transaction
    }

    var isWritable: Bool { true }

    func kvGet(table: Int, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool {
        try transaction.withKVValue(table: table, key: key) { value in
            guard let value else { return false }
            buffer.set(value)
            return true
        }
    }

    func kvPut(table: Int, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        try transaction.kvPut(table: table, key: key, value: value)
    }

    func kvDelete(table: Int, key: UnsafeRawBufferPointer) throws {
        try transaction.kvDelete(table: table, key: key)
    }

    func kvScan(
        table: Int, start: UnsafeRawBufferPointer, end: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try transaction.kvScan(table: table, start: start, end: end, visit)
    }

    func sqlExec(_ sql: String, params: [SQLValue], onRow: (([SQLValue]) throws -> Bool)?) throws {
        try transaction.sqlExec(sql, params: params, onRow: onRow)
    }
}

/// A read view pinned to one generation, as seen through the host table (queries).
final class ReadViewSession: TaskStorageSession {
    let view: ReadView

    init(_ view: ReadView) {
        self.view = view
    }

    var isWritable: Bool { false }

    func kvGet(table: Int, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool {
        try view.withKVValue(table: table, key: key) { value in
            guard let value else { return false }
            buffer.set(value)
            return true
        }
    }

    func kvPut(table: Int, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
        throw HostCallError(RECON_ERR_INVALID, "this context is read-only (query handlers must not write)")
    }

    func kvDelete(table: Int, key: UnsafeRawBufferPointer) throws {
        throw HostCallError(RECON_ERR_INVALID, "this context is read-only (query handlers must not write)")
    }

    func kvScan(
        table: Int, start: UnsafeRawBufferPointer, end: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try view.kvScan(table: table, start: start, end: end, visit)
    }

    func sqlExec(_ sql: String, params: [SQLValue], onRow: (([SQLValue]) throws -> Bool)?) throws {
        try view.sqlExec(sql, params: params, onRow: onRow)
    }
}
