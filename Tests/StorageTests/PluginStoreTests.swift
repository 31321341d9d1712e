import ReconRocksDB
import Foundation
import Testing
@testable import ReconCore

/// A generation under a temp dir with one plugin "demo" (kv tables "counts", "names").
final class Fixture {
    let dir = TempDir("store")
    let spec = PluginStorageSpec(name: "demo", kvTables: ["counts", "names"])
    var options = TaskStorageOptions()
    var generation: TaskGeneration?

    var genDir: URL { dir.url.appendingPathComponent("gen-000000000001") }

    @discardableResult
    func open() throws -> PluginStore {
        let g = try TaskGeneration.open(at: genDir, id: GenerationID(1), plugins: [spec], options: options)
        generation = g
        return try g.pluginStore(named: "demo")
    }

    /// Closes everything (what remains on disk is what a crash would leave) and opens again.
    func reopen() throws -> PluginStore {
        generation?.close()
        generation = nil
        return try open()
    }

    deinit { generation?.close() }
}

/// Count of rows in table `t` through a read view.
func sqlCount(_ store: PluginStore, _ table: String = "t") throws -> Int64 {
    let view = try store.readView()
    defer { view.close() }
    var n: Int64 = -1
    try view.sqlExec("SELECT count(*) FROM \(table)") { row in
        if case .int(let v) = row[0] { n = v }
        return true
    }
    return n
}

@Suite("Plugin store transactions")
struct PluginStoreTests {
    @Test func freshStoreHasZeroCursor() throws {
        let f = Fixture()
        let store = try f.open()
        #expect(store.cursor() == .zero)
        #expect(store.kvTableCount == 2)
        #expect(store.recovery == PluginStoreRecovery(replayedBatches: 0, sqlCommitsLost: false, cursor: .zero))
        #expect(f.generation!.keyValueDatabase.columnFamilies.map(\.name) == ["_meta", "default", "demo/counts", "demo/names"])
    }

    @Test func kvOnlyCommitSurvivesReopen() throws {
        let f = Fixture()
        var store = try f.open()
        let txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("a"), value: b("1"))
        try txn.kvPut(table: 1, key: b("a"), value: b("name-a"))
        try txn.commit(cursor: 5)
        #expect(store.cursor() == PluginCursor(sequence: 5, txnID: 1))

        store = try f.reopen()
        #expect(store.cursor() == PluginCursor(sequence: 5, txnID: 1))
        let view = try store.readView()
        #expect(str(try view.kvGet(table: 0, key: b("a"))) == "1")
        #expect(str(try view.kvGet(table: 1, key: b("a"))) == "name-a")
        #expect(try view.kvGet(table: 0, key: b("b")) == nil)
    }

    @Test func sqlOnlyCommitSurvivesReopen() throws {
        let f = Fixture()
        var store = try f.open()
        let txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER, r REAL, b BLOB)")
        try txn.sqlExec("INSERT INTO t VALUES (?, ?, ?, ?)", params: [.text("x"), .int(42), .real(1.5), .blob([0, 1, 2])])
        try txn.sqlExec("INSERT INTO t VALUES (?, ?, ?, ?)", params: [.text("y"), .null, .null, .blob([])])
        try txn.commit(cursor: 7)
        #expect(store.cursor() == PluginCursor(sequence: 7, txnID: 1))

        store = try f.reopen()
        #expect(store.cursor() == PluginCursor(sequence: 7, txnID: 1))
        let view = try store.readView()
        var rows: [[SQLValue]] = []
        try view.sqlExec("SELECT k, v, r, b FROM t ORDER BY k") { rows.append($0); return true }
        #expect(rows == [
            [.text("x"), .int(42), .real(1.5), .blob([0, 1, 2])],
            [.text("y"), .null, .null, .blob([])],
        ])
        #expect(try view.kvGet(table: 0, key: b("x")) == nil)
    }

    @Test func kvAndSQLCommitTogetherAndCursorAdvances() throws {
        let f = Fixture()
        var store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        try txn.commit(cursor: 1)
        for seq in UInt64(2)...4 {
            txn = try store.beginTransaction()
            try txn.kvPut(table: 0, key: b("k\(seq)"), value: b("v\(seq)"))
            try txn.sqlExec("INSERT INTO t VALUES (?, ?)", params: [.text("k\(seq)"), .int(Int64(seq))])
            try txn.commit(cursor: seq * 10)
        }
        // A transaction without writes still records its cursor.
        txn = try store.beginTransaction()
        try txn.commit(cursor: 50)
        #expect(store.cursor() == PluginCursor(sequence: 50, txnID: 5))

        store = try f.reopen()
        #expect(store.cursor() == PluginCursor(sequence: 50, txnID: 5))
        #expect(store.recovery.replayedBatches == 0)
        #expect(try sqlCount(store) == 3)
        let view = try store.readView()
        var keys: [String] = []
        try view.kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { k, v in keys.append(str(k) + "=" + str(v)); return true }
        #expect(keys == ["k2=v2", "k3=v3", "k4=v4"])
        // New transactions continue the txn ids.
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("z"), value: b("z"))
        try txn.commit(cursor: 60)
        #expect(store.cursor() == PluginCursor(sequence: 60, txnID: 6))
    }

    @Test func rollbackLeavesNothing() throws {
        let f = Fixture()
        var store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        try txn.commit(cursor: 1)

        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("a"), value: b("1"))
        try txn.sqlExec("INSERT INTO t VALUES ('a', 1)")
        #expect(txn.hasWrites)
        txn.rollback()
        txn.rollback()
        #expect(throws: StorageError.self) { try txn.commit(cursor: 2) }
        #expect(store.cursor() == PluginCursor(sequence: 1, txnID: 1))

        // An abandoned transaction rolls back too (and frees the SQL writer).
        do {
            let abandoned = try store.beginTransaction()
            try abandoned.sqlExec("INSERT INTO t VALUES ('b', 2)")
        }
        txn = try store.beginTransaction()
        try txn.sqlExec("INSERT INTO t VALUES ('c', 3)")
        try txn.commit(cursor: 3)

        store = try f.reopen()
        #expect(store.cursor() == PluginCursor(sequence: 3, txnID: 2))
        #expect(try sqlCount(store) == 1)
        let view = try store.readView()
        #expect(try view.kvGet(table: 0, key: b("a")) == nil)
    }

    @Test func readYourOwnWrites() throws {
        let f = Fixture()
        let store = try f.open()
        var txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("committed"), value: b("c"))
        try txn.kvPut(table: 0, key: b("doomed"), value: b("d"))
        try txn.commit(cursor: 1)

        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("new"), value: b("n"))
        try txn.kvPut(table: 0, key: b("committed"), value: b("c2"))
        try txn.kvDelete(table: 0, key: b("doomed"))
        #expect(str(try txn.kvGet(table: 0, key: b("new"))) == "n")
        #expect(str(try txn.kvGet(table: 0, key: b("committed"))) == "c2")
        #expect(try txn.kvGet(table: 0, key: b("doomed")) == nil)
        #expect(try txn.kvGet(table: 1, key: b("new")) == nil)
        // Scans through a write transaction see committed data only.
        var scanned: [String] = []
        try txn.kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { k, v in scanned.append(str(k) + "=" + str(v)); return true }
        #expect(scanned == ["committed=c", "doomed=d"])
        // SQL reads see the transaction's own SQL writes.
        try txn.sqlExec("CREATE TABLE t(k TEXT)")
        try txn.sqlExec("INSERT INTO t VALUES ('mine')")
        var seen: [SQLValue] = []
        try txn.sqlExec("SELECT k FROM t") { seen.append($0[0]); return true }
        #expect(seen == [.text("mine")])
        try txn.commit(cursor: 2)
        #expect(str(try store.readView().kvGet(table: 0, key: b("committed"))) == "c2")
    }

    @Test func badCallsAreRefusedWithReasons() throws {
        let f = Fixture()
        let store = try f.open()
        let txn = try store.beginTransaction()
        for sql in ["BEGIN", "  -- c\n commit", "/* x */ PRAGMA synchronous = OFF", "SELECT * FROM _recon_cursor",
                    "attach database 'x' as y", "select 1; select 2"] {
            #expect(throws: StorageError.self, "\(sql)") { try txn.sqlExec(sql) }
        }
        let range = #expect(throws: StorageError.self) { try txn.kvPut(table: 2, key: b("k"), value: b("v")) }
        #expect(range?.kind == .invalidArgument)
        let params = #expect(throws: StorageError.self) { try txn.sqlExec("SELECT ?", params: []) }
        #expect(params?.kind == .invalidArgument)
        let syntax = #expect(throws: StorageError.self) { try txn.sqlExec("SELEKT 1") }
        #expect(syntax?.kind == .sqlite)
        try txn.sqlExec("CREATE TABLE t(k TEXT)")
        try txn.commit(cursor: 1)

        let view = try store.readView()
        let write = #expect(throws: StorageError.self) { try view.sqlExec("INSERT INTO t VALUES ('x')") }
        #expect(write?.kind == .invalidArgument)
        view.close()
        #expect(throws: StorageError.self) { try view.kvGet(table: 0, key: b("k")) }
        #expect(throws: StorageError.self) { try TaskGeneration.open(at: f.dir.url.appendingPathComponent("g2"), id: GenerationID(2),
                                                                    plugins: [PluginStorageSpec(name: "../evil", kvTables: [])]) }
    }

    @Test func rowCallbacksMayStopAndNest() throws {
        let f = Fixture()
        let store = try f.open()
        let txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)")
        for i in 1...5 { try txn.sqlExec("INSERT INTO t VALUES (?, ?)", params: [.int(Int64(i)), .text("v\(i)")]) }
        var first: [Int64] = []
        try txn.sqlExec("SELECT k FROM t ORDER BY k") { row in
            if case .int(let k) = row[0] { first.append(k) }
            return first.count < 2
        }
        #expect(first == [1, 2])
        // A row callback runs another statement (even the same SQL) on the same connection.
        var pairs: [String] = []
        try txn.sqlExecBorrowed("SELECT k, v FROM t WHERE k <= ? ORDER BY k", parameterCount: 1,
                                bind: { try $0.bind(Int64(2), at: 0) }) { row in
            let k = row.int64(at: 0)
            let v = row.string(at: 1)
            try txn.sqlExec("SELECT k, v FROM t WHERE k <= ? ORDER BY k", params: [.int(1)]) { inner in
                pairs.append("\(k)\(v)/\(inner[1])")
                return true
            }
            try txn.sqlExec("UPDATE t SET v = 'seen' WHERE k = ?", params: [.int(k + 3)])
            return true
        }
        #expect(pairs == ["1v1/'v1'", "2v2/'v1'"])
        var updated: [SQLValue] = []
        try txn.sqlExec("SELECT v FROM t WHERE k IN (4, 5) ORDER BY k") { updated.append($0[0]); return true }
        #expect(updated == [.text("seen"), .text("seen")])
        try txn.commit(cursor: 1)
    }

    @Test(arguments: CommitFaultPoint.allCases)
    func simulatedCrashAtEachFaultPoint(_ point: CommitFaultPoint) throws {
        let f = Fixture()
        var store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        try txn.kvPut(table: 0, key: b("base"), value: b("0"))
        try txn.commit(cursor: 10)
        #expect(store.cursor() == PluginCursor(sequence: 10, txnID: 1))

        store.commitFaultInjector = { p in if p == point { throw InjectedCrash(point: p) } }
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("a"), value: b("1"))
        try txn.kvDelete(table: 0, key: b("base"))
        try txn.sqlExec("INSERT INTO t VALUES ('a', 1)")
        #expect(throws: InjectedCrash(point: point)) { try txn.commit(cursor: 20) }

        // "Crash": drop everything without any repair, then open fresh from disk.
        store = try f.reopen()
        let view = try store.readView()
        let kvA = str(try view.kvGet(table: 0, key: b("a")))
        let kvBase = str(try view.kvGet(table: 0, key: b("base")))
        let rows = try sqlCount(store)
        switch point {
        case .beforeSQLCommit:
            #expect(kvA == nil)
            #expect(kvBase == "0")
            #expect(rows == 0)
            #expect(store.cursor() == PluginCursor(sequence: 10, txnID: 1))
            #expect(store.recovery.replayedBatches == 0)
        case .afterSQLCommit:
            #expect(kvA == "1")
            #expect(kvBase == nil)
            #expect(rows == 1)
            #expect(store.cursor() == PluginCursor(sequence: 20, txnID: 2))
            #expect(store.recovery.replayedBatches == 1)
        case .afterKVWrite:
            #expect(kvA == "1")
            #expect(kvBase == nil)
            #expect(rows == 1)
            #expect(store.cursor() == PluginCursor(sequence: 20, txnID: 2))
            #expect(store.recovery.replayedBatches == 0)
        }
        #expect(store.recovery.sqlCommitsLost == false)
        view.close()

        // The store keeps working after recovery, and replay happens only once.
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("after"), value: b("x"))
        try txn.sqlExec("INSERT INTO t VALUES ('after', 2)")
        try txn.commit(cursor: 30)
        store = try f.reopen()
        #expect(store.recovery.replayedBatches == 0)
        #expect(store.cursor().sequence == 30)
        #expect(try sqlCount(store) == rows + 1)
    }

    @Test func kvOnlyCrashPointsAreAtomic() throws {
        let f = Fixture()
        var store = try f.open()
        store.commitFaultInjector = { p in throw InjectedCrash(point: p) }
        let txn = try store.beginTransaction()
        try txn.kvPut(table: 1, key: b("n"), value: b("v"))
        // Only afterKVWrite applies to a key/value-only commit: output and cursor are both durable.
        #expect(throws: InjectedCrash(point: .afterKVWrite)) { try txn.commit(cursor: 9) }
        store = try f.reopen()
        #expect(store.cursor() == PluginCursor(sequence: 9, txnID: 1))
        #expect(str(try store.readView().kvGet(table: 1, key: b("n"))) == "v")
    }

    @Test func failureAfterCommitPointNeedsRecoverAndRecoverCompletesIt() throws {
        let f = Fixture()
        let store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT)")
        try txn.commit(cursor: 1)
        store.commitFaultInjector = { p in if p == .afterSQLCommit { throw InjectedCrash(point: p) } }
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("k"), value: b("v"))
        try txn.sqlExec("INSERT INTO t VALUES ('k')")
        #expect(throws: InjectedCrash.self) { try txn.commit(cursor: 2) }
        store.commitFaultInjector = nil

        let blocked = #expect(throws: StorageError.self) { try store.beginTransaction() }
        #expect(blocked?.kind == .needsRecovery)
        try store.recover()
        #expect(store.recovery.replayedBatches == 1)
        #expect(store.cursor() == PluginCursor(sequence: 2, txnID: 2))
        #expect(str(try store.readView().kvGet(table: 0, key: b("k"))) == "v")
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("k2"), value: b("v2"))
        try txn.commit(cursor: 3)
        #expect(store.cursor() == PluginCursor(sequence: 3, txnID: 3))
    }

    @Test func readViewsArePinnedToTheirCommit() throws {
        let f = Fixture()
        let store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        try txn.sqlExec("INSERT INTO t VALUES ('a', 1)")
        try txn.kvPut(table: 0, key: b("a"), value: b("1"))
        try txn.commit(cursor: 1)

        let before = try store.readView()
        txn = try store.beginTransaction()
        try txn.sqlExec("UPDATE t SET v = 2 WHERE k = 'a'")
        try txn.sqlExec("INSERT INTO t VALUES ('b', 2)")
        try txn.kvPut(table: 0, key: b("a"), value: b("2"))
        try txn.kvPut(table: 0, key: b("b"), value: b("2"))
        try txn.commit(cursor: 2)
        let after = try store.readView()

        func state(_ v: ReadView) throws -> (String?, Int, [SQLValue]) {
            var n = 0
            try v.kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { _, _ in n += 1; return true }
            var sql: [SQLValue] = []
            try v.sqlExec("SELECT v FROM t ORDER BY k") { sql.append($0[0]); return true }
            return (str(try v.kvGet(table: 0, key: b("a"))), n, sql)
        }
        let old = try state(before)
        #expect(old.0 == "1")
        #expect(old.1 == 1)
        #expect(old.2 == [.int(1)])
        let new = try state(after)
        #expect(new.0 == "2")
        #expect(new.1 == 2)
        #expect(new.2 == [.int(2), .int(2)])
        before.close()
        after.close()
    }

    @Test func concurrentViewsNeverSeeHalfACommit() async throws {
        let f = Fixture()
        f.options.sqlSynchronous = .normal
        let store = try f.open()
        let txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE c(id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER)")
        try txn.sqlExec("INSERT INTO c VALUES (0, 0)")
        try txn.kvPut(table: 0, key: b("n"), value: b("0"))
        try txn.commit(cursor: 0)

        let commits = 60
        let readers = 2
        let mismatches = LockedState(0)
        let viewsPerReader = LockedState([Int](repeating: 0, count: readers))
        let finished = LockedState(0)
        // Readers run on threads of their own, started before the writer, so every commit
        // below happens while both are reading.
        for reader in 0..<readers {
            Thread {
                repeat {
                    let v = try! store.readView()
                    let kv = Int64(str(try! v.kvGet(table: 0, key: b("n")))!)!
                    var sql: Int64 = -1
                    try! v.sqlExec("SELECT n FROM c") { row in
                        if case .int(let n) = row[0] { sql = n }
                        return true
                    }
                    if kv != sql { mismatches.withLock { $0 += 1 } }
                    viewsPerReader.withLock { $0[reader] += 1 }
                } while store.cursor().sequence < UInt64(commits)
                finished.withLock { $0 += 1 }
            }.start()
        }
        while viewsPerReader.withLock({ $0.contains(0) }) { try await Task.sleep(for: .milliseconds(1)) }
        for i in 1...commits {
            let t = try store.beginTransaction()
            try t.sqlExec("UPDATE c SET n = ?", params: [.int(Int64(i))])
            try t.kvPut(table: 0, key: b("n"), value: b(String(i)))
            try t.commit(cursor: UInt64(i))
        }
        while finished.withLock({ $0 }) < readers { try await Task.sleep(for: .milliseconds(1)) }
        #expect(mismatches.withLock { $0 } == 0)
        #expect(viewsPerReader.withLock { $0.allSatisfy { $0 > 0 } })
        #expect(store.cursor() == PluginCursor(sequence: UInt64(commits), txnID: UInt64(commits + 1)))
    }

    @Test func concurrentTransactionsSerializeTheirSQL() throws {
        let f = Fixture()
        let store = try f.open()
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE w(worker INTEGER, i INTEGER)")
        try txn.commit(cursor: 1)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<5 {
                let t = try! store.beginTransaction()
                try! t.kvPut(table: 0, key: b("w\(worker)-\(i)"), value: b("x"))
                try! t.sqlExec("INSERT INTO w VALUES (?, ?)", params: [.int(Int64(worker)), .int(Int64(i))])
                try! t.commit(cursor: 1)
            }
        }
        #expect(store.cursor() == PluginCursor(sequence: 1, txnID: 21))
        #expect(try sqlCount(store, "w") == 20)
        var n = 0
        try store.readView().kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { _, _ in n += 1; return true }
        #expect(n == 20)
        txn = try store.beginTransaction()
        txn.rollback()
    }
    @Test func lostSQLCommitsAreDetectedAtOpen() throws {
        let f = Fixture()
        let store = try f.open()
        let txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT)")
        try txn.commit(cursor: 3)
        f.generation?.close()
        f.generation = nil
        // What synchronous=NORMAL plus a power loss can leave: the key/value side
        // saw SQL commit 2, the SQL database only has commit 1.
        let db = try RocksDB.open(path: f.genDir.appendingPathComponent("kv").path,
                                  columnFamilies: try RocksDB.listColumnFamilies(path: f.genDir.appendingPathComponent("kv").path))
        try db.put(try #require(db.columnFamily(named: "_meta")), key: b("cursor/demo"),
                   value: PluginStore.encodeKVCursor(sequence: 9, txnID: 2, lastSQLTxnID: 2), sync: true)
        db.close()
        let reopened = try f.open()
        #expect(reopened.recovery.sqlCommitsLost)
        #expect(reopened.cursor() == PluginCursor(sequence: 9, txnID: 2))
    }

    @Test func viewsOfStoresWithoutSQLTablesOpenSQLLazily() throws {
        let f = Fixture()
        let store = try f.open()
        let early = try store.readView()
        var one: [SQLValue] = []
        try early.sqlExec("SELECT 1") { one = $0; return true }
        #expect(one == [.int(1)])
        let late = try store.readView()
        let txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k TEXT)")
        try txn.commit(cursor: 1)
        // `late` never touched SQL before the first SQL commit: it cannot show its state.
        let error = #expect(throws: StorageError.self) { try late.sqlExec("SELECT 1") }
        #expect(error?.kind == .snapshotUnavailable)
        // `early` pinned its SQL snapshot before the commit and keeps it.
        let missing = #expect(throws: StorageError.self) { try early.sqlExec("SELECT count(*) FROM t") }
        #expect(missing?.kind == .sqlite)
        #expect(try sqlCount(store) == 0)
    }
}
