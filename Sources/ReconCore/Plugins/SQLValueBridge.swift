import CReconTask

/// Converts SQL values between the ABI's `recon_sql_value` and the storage layer's ``SQLValue``.
enum SQLValueBridge {
    /// A parameter from a plugin, copied.
    static func fromC(_ v: recon_sql_value) throws(HostCallError) -> SQLValue {
        switch v.type {
        case RECON_SQL_NULL.rawValue: return .null
        case RECON_SQL_INT.rawValue: return .int(v.i)
        case RECON_SQL_REAL.rawValue: return .real(v.d)
        case RECON_SQL_TEXT.rawValue: return .text(String(decoding: raw(v.bytes), as: UTF8.self))
        case RECON_SQL_BLOB.rawValue: return .blob(Array(raw(v.bytes)))
        default: throw HostCallError(RECON_ERR_INVALID, "unknown SQL value type \(v.type)")
        }
    }

    /// Calls `body` with a row as borrowed C values, valid during the call only.
    static func withCValues(_ row: [SQLValue], _ body: (UnsafePointer<recon_sql_value>) -> recon_status) -> recon_status {
        let arena = CArena(chunkSize: 1024)
        let columns = arena.allocate(recon_sql_value.self, count: row.count)
        for (i, value) in row.enumerated() {
            var c = recon_sql_value()
            switch value {
            case .null: c.type = RECON_SQL_NULL.rawValue
            case .int(let n): c.type = RECON_SQL_INT.rawValue; c.i = n
            case .real(let d): c.type = RECON_SQL_REAL.rawValue; c.d = d
            case .text(let s):
                c.type = RECON_SQL_TEXT.rawValue
                let (p, n) = arena.copy(s)
                c.bytes = recon_bytes(ptr: UnsafeRawPointer(p)?.assumingMemoryBound(to: UInt8.self), len: n)
            case .blob(let b):
                c.type = RECON_SQL_BLOB.rawValue
                let (p, n) = b.withUnsafeBytes { arena.copy($0) }
                c.bytes = recon_bytes(ptr: p, len: n)
            }
            (columns + i).initialize(to: c)
        }
        return withExtendedLifetime(arena) { body(columns) }
    }
}
