import ReconRocksDB
import Foundation
import GRDB
import GRDBSQLite

/// The storage type of a result column (SQLite's fundamental types).
public enum SQLColumnType: Int32, Sendable {
    /// INTEGER.
    case int = 1
    /// REAL.
    case real = 2
    /// TEXT.
    case text = 3
    /// BLOB.
    case blob = 4
    /// NULL.
    case null = 5
}

@inline(__always)
private var sqliteTransient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

/// Binds the parameters of one prepared statement. Indexes are 0-based (the first
/// `?` is index 0). Borrowed buffers are copied by SQLite during the call.
public struct SQLBinder {
    let statement: OpaquePointer

    /// How many parameters the statement declares.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(statement)) }

    /// Binds NULL.
    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(statement, Int32(index + 1)), index)
    }

    /// Binds an integer.
    public func bind(_ value: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(statement, Int32(index + 1), value), index)
    }

    /// Binds a float.
    public func bind(_ value: Double, at index: Int) throws {
        try check(sqlite3_bind_double(statement, Int32(index + 1), value), index)
    }

    /// Binds UTF-8 text given as bytes (not validated; not NUL-terminated).
    public func bindText(_ utf8: UnsafeRawBufferPointer, at index: Int) throws {
        let p = cBytes(utf8)
        try check(sqlite3_bind_text(statement, Int32(index + 1), p, Int32(utf8.count), sqliteTransient), index)
    }

    /// Binds text.
    public func bind(_ text: String, at index: Int) throws {
        var text = text
        try text.withUTF8 { try bindText(UnsafeRawBufferPointer($0), at: index) }
    }

    /// Binds a blob (an empty range binds a zero-length blob, not NULL).
    public func bindBlob(_ bytes: UnsafeRawBufferPointer, at index: Int) throws {
        if bytes.isEmpty {
            try check(sqlite3_bind_zeroblob(statement, Int32(index + 1), 0), index)
        } else {
            try check(sqlite3_bind_blob(statement, Int32(index + 1), bytes.baseAddress, Int32(bytes.count), sqliteTransient), index)
        }
    }

    /// Binds any ``SQLValue``.
    public func bind(_ value: SQLValue, at index: Int) throws {
        switch value {
        case .null: try bindNull(at: index)
        case .int(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .text(let s): try bind(s, at: index)
        case .blob(let b): try b.withUnsafeBytes { try bindBlob($0, at: index) }
        }
    }

    private func check(_ rc: Int32, _ index: Int) throws {
        guard rc == SQLITE_OK else {
            throw StorageError(.sqlite, "bind", "parameter \(index): " + String(cString: sqlite3_errstr(rc)))
        }
    }
}

/// The current result row of a statement, read without copies. Buffers returned by
/// ``bytes(at:)`` are borrowed until the statement steps again (i.e. until the row
/// callback returns). Indexes are 0-based.
public struct SQLRowView {
    let statement: OpaquePointer

    /// The number of columns.
    public var columnCount: Int { Int(sqlite3_column_count(statement)) }

    /// The column's name.
    public func name(at index: Int) -> String {
        sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// The column's storage type in this row.
    public func type(at index: Int) -> SQLColumnType {
        SQLColumnType(rawValue: sqlite3_column_type(statement, Int32(index))) ?? .null
    }

    /// The column as an integer (SQLite converts other types).
    public func int64(at index: Int) -> Int64 { sqlite3_column_int64(statement, Int32(index)) }

    /// The column as a float (SQLite converts other types).
    public func double(at index: Int) -> Double { sqlite3_column_double(statement, Int32(index)) }

    /// The bytes of a TEXT (UTF-8) or BLOB column, borrowed; empty for NULL.
    public func bytes(at index: Int) -> UnsafeRawBufferPointer {
        let i = Int32(index)
        let p: UnsafeRawPointer?
        if sqlite3_column_type(statement, i) == SQLITE_BLOB {
            p = sqlite3_column_blob(statement, i)
        } else {
            p = sqlite3_column_text(statement, i).map { UnsafeRawPointer($0) }
        }
        let n = Int(sqlite3_column_bytes(statement, i))
        return UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : n)
    }

    /// The column as a string (UTF-8 decoded, invalid sequences repaired).
    public func string(at index: Int) -> String {
        String(decoding: bytes(at: index), as: UTF8.self)
    }

    /// The column as a copied ``SQLValue``.
    public func value(at index: Int) -> SQLValue {
        switch type(at: index) {
        case .null: return .null
        case .int: return .int(int64(at: index))
        case .real: return .real(double(at: index))
        case .text: return .text(string(at: index))
        case .blob: return .blob(Array(bytes(at: index)))
        }
    }

    /// Every column, copied.
    public var values: [SQLValue] { (0..<columnCount).map { value(at: $0) } }
}

/// Per-connection bookkeeping: the database while a statement runs (so that a row
/// callback may run another statement on the same connection), the statements in
/// use (a nested use of the same SQL gets its own statement), and the SQL already
/// checked by ``SQLGuard``.
final class SQLConnectionState {
    /// Distinct SQL texts cached per connection before the cache is cleared.
    static let maxCachedStatements = 512
    var active: Database?
    var activeSQL: [String] = []
    var validated: Set<String> = []
}

/// Runs plugin SQL on a GRDB connection with cached statements and raw binding and
/// stepping (no per-row allocation).
enum SQLExecutor {
    /// Runs `sql` on `db`. Returns whether the statement may write (it is not
    /// read-only in SQLite's sense). With `readOnly`, writing statements are refused.
    static func run(
        _ db: Database, state: SQLConnectionState, sql: String, readOnly: Bool, path: String,
        parameterCount: Int?, bind: (SQLBinder) throws -> Void, onRow: ((SQLRowView) throws -> Bool)?
    ) throws -> Bool {
        if !state.validated.contains(sql) {
            try SQLGuard.check(sql)
            if state.validated.count >= SQLConnectionState.maxCachedStatements && state.activeSQL.isEmpty {
                // Plugins that build SQL text with literals would grow the statement
                // cache without bound: start over (statements in use are retained).
                state.validated.removeAll(keepingCapacity: true)
                db.clearSchemaCache()
            }
            state.validated.insert(sql)
        }
        let statement: Statement
        do {
            // A statement already stepping (nested call with the same SQL) must not be reset.
            statement = state.activeSQL.contains(sql) ? try db.makeStatement(sql: sql) : try db.cachedStatement(sql: sql)
        } catch {
            throw SQLErrors.convert(error, "prepare", path: path)
        }
        let stmt = statement.sqliteStatement
        let writes = sqlite3_stmt_readonly(stmt) == 0
        if readOnly && writes {
            throw StorageError(.invalidArgument, "sqlExec", "a read view only runs read statements: \(sql)", path: path)
        }
        if let parameterCount, parameterCount != Int(sqlite3_bind_parameter_count(stmt)) {
            throw StorageError(.invalidArgument, "sqlExec",
                               "the statement has \(sqlite3_bind_parameter_count(stmt)) parameters, \(parameterCount) given: \(sql)", path: path)
        }
        state.activeSQL.append(sql)
        defer {
            state.activeSQL.removeLast()
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        try withExtendedLifetime(statement) {
            try bind(SQLBinder(statement: stmt))
            while true {
                let rc = sqlite3_step(stmt)
                if rc == SQLITE_ROW {
                    if let onRow, try !onRow(SQLRowView(statement: stmt)) { break }
                    continue
                }
                if rc == SQLITE_DONE { break }
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(stmt)))
                throw StorageError(.sqlite, "sqlExec", "\(message) (code \(rc)) in: \(sql)", path: path)
            }
        }
        return writes
    }
}

/// Rejects SQL that would break the host's control of transactions or its own tables.
enum SQLGuard {
    /// Leading keywords a plugin may not use: the host owns transactions, the set of
    /// attached databases and the connection's settings.
    static let forbiddenLeadingKeywords: Set<String> = [
        "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
        "ATTACH", "DETACH", "VACUUM", "PRAGMA",
    ]

    /// Throws `invalidArgument` for a forbidden statement or a reference to a
    /// reserved `_recon_` name.
    static func check(_ sql: String) throws {
        let word = firstKeyword(sql)
        if forbiddenLeadingKeywords.contains(word) {
            throw StorageError(.invalidArgument, "sqlExec",
                               "\(word) statements are not allowed: the host manages transactions and connection settings (use pragma_* table functions to read settings)")
        }
        if containsReservedName(sql) {
            throw StorageError(.invalidArgument, "sqlExec", "names starting with _recon_ are reserved for the host")
        }
    }

    /// The first keyword, uppercased, after whitespace and comments.
    static func firstKeyword(_ sql: String) -> String {
        let u = Array(sql.utf8)
        var i = 0
        while i < u.count {
            let c = u[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x3B {
                i += 1
            } else if c == 0x2D, i + 1 < u.count, u[i + 1] == 0x2D {  // -- comment
                while i < u.count && u[i] != 0x0A { i += 1 }
            } else if c == 0x2F, i + 1 < u.count, u[i + 1] == 0x2A {  // /* comment */
                i += 2
                while i + 1 < u.count && !(u[i] == 0x2A && u[i + 1] == 0x2F) { i += 1 }
                i += 2
            } else {
                break
            }
        }
        var word: [UInt8] = []
        while i < u.count, (u[i] >= 0x41 && u[i] <= 0x5A) || (u[i] >= 0x61 && u[i] <= 0x7A) {
            word.append(u[i] & ~0x20)
            i += 1
        }
        return String(decoding: word, as: UTF8.self)
    }

    /// Whether `sql` mentions `_recon_` in any letter case.
    static func containsReservedName(_ sql: String) -> Bool {
        let needle = Array("_recon_".utf8)
        let u = Array(sql.utf8)
        guard u.count >= needle.count else { return false }
        outer: for start in 0...(u.count - needle.count) {
            for j in 0..<needle.count {
                var c = u[start + j]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != needle[j] { continue outer }
            }
            return true
        }
        return false
    }
}

/// Converts GRDB errors into ``StorageError``.
enum SQLErrors {
    static func convert(_ error: Error, _ operation: String, path: String) -> StorageError {
        if let e = error as? StorageError { return e }
        if let e = error as? DatabaseError {
            var message = e.message ?? "SQLite error \(e.resultCode.rawValue)"
            if let sql = e.sql { message += " in: \(sql)" }
            return StorageError(.sqlite, operation, message, path: path)
        }
        return StorageError(.sqlite, operation, "\(error)", path: path)
    }

    /// Runs `body`, converting GRDB errors.
    static func wrap<R>(_ operation: String, path: String, _ body: () throws -> R) throws -> R {
        do { return try body() } catch { throw convert(error, operation, path: path) }
    }
}
