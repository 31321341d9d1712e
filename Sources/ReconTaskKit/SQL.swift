import CReconTask

extension StoreReader {
    /// Runs one SQL statement with `?` parameters and returns every result row, copied.
    /// Through a ``ReadView`` only read statements are allowed.
    @discardableResult
    public func sql(_ statement: String, _ parameters: [SQLValue] = []) throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        try sql(statement, parameters) { row in
            rows.append(Array(row))
            return true
        }
        return rows
    }

    /// Runs one SQL statement and streams its rows to `onRow`, borrowed one at a time.
    /// Return `true` to continue, `false` to stop early.
    public func sql(
        _ statement: String, _ parameters: [SQLValue] = [], _ onRow: (SQLRow) throws -> Bool
    ) throws {
        let call = callContext
        try withoutActuallyEscaping(onRow) { onRow in
            let visitor = SQLVisitor(onRow)
            let status = withExtendedLifetime(visitor) {
                withSQLParameters(parameters) { params in
                    statement.withCString { cSQL in
                        call.functions.sqlExec(
                            call.ctx, cSQL, params.count, params.baseAddress, sqlRowThunk,
                            Unmanaged.passUnretained(visitor).toOpaque())
                    }
                }
            }
            if let error = visitor.error { throw error }
            if status == Int32(RECON_STOP) { return }
            try call.check(status, "sql_exec(\(statement.prefix(80)))")
        }
    }
}

/// The state behind a `recon_sql_row_fn`'s `user` pointer.
private final class SQLVisitor {
    let onRow: (SQLRow) throws -> Bool
    var error: (any Error)?
    init(_ onRow: @escaping (SQLRow) throws -> Bool) { self.onRow = onRow }
}

/// The C row callback: calls the Swift closure, keeps its error, never lets it unwind.
private func sqlRowThunk(
    _ user: UnsafeMutableRawPointer?, _ count: Int, _ columns: UnsafePointer<recon_sql_value>?
) -> recon_status {
    guard let user else { return Int32(RECON_ERR_INVALID) }
    let visitor = Unmanaged<SQLVisitor>.fromOpaque(user).takeUnretainedValue()
    do {
        let more = try visitor.onRow(SQLRow(UnsafeBufferPointer(start: columns, count: columns == nil ? 0 : count)))
        return Int32(more ? RECON_OK : RECON_STOP)
    } catch {
        visitor.error = error
        return Int32(RECON_STOP)
    }
}

/// Lays the parameters out as `recon_sql_value`s whose text and blob bytes point into
/// one buffer that lives for the duration of `body`.
private func withSQLParameters<R>(
    _ parameters: [SQLValue], _ body: (UnsafeBufferPointer<recon_sql_value>) -> R
) -> R {
    var payload: [UInt8] = []
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(parameters.count)
    for p in parameters {
        let start = payload.count
        switch p {
        case .text(let s): payload.append(contentsOf: s.utf8)
        case .blob(let b): payload.append(contentsOf: b)
        default: break
        }
        ranges.append(start..<payload.count)
    }
    return payload.withUnsafeBufferPointer { buffer in
        var values: [recon_sql_value] = []
        values.reserveCapacity(parameters.count)
        for (p, range) in zip(parameters, ranges) {
            var v = recon_sql_value()
            switch p {
            case .null: v.type = RECON_SQL_NULL.rawValue
            case .int(let i): v.type = RECON_SQL_INT.rawValue; v.i = i
            case .real(let d): v.type = RECON_SQL_REAL.rawValue; v.d = d
            case .text: v.type = RECON_SQL_TEXT.rawValue
            case .blob: v.type = RECON_SQL_BLOB.rawValue
            }
            if !range.isEmpty, let base = buffer.baseAddress {
                v.bytes = recon_bytes(ptr: base + range.lowerBound, len: range.count)
            }
            values.append(v)
        }
        return values.withUnsafeBufferPointer(body)
    }
}
