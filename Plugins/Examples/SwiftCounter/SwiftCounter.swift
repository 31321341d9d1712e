import CReconTask
import ReconTaskKit
import Synchronization

/// The Swift example task: counts OM events per table (key/value table `counts`) and per
/// action (SQL table `events_by_action`), and serves both as JSON.
///
/// Config (all optional):
/// - `fail_on_table`: a table name; a batch containing an event of that table fails
///   and writes nothing (used by tests of the host's rollback).
/// - `fail_with`: the status of that failure: `failed` (default), `retry` or `fatal`.
/// - `fail_times`: fail only the first N such batches (default: always).
final class SwiftCounter: ReconTask {
    static let name = "swift_counter"
    static let version = "1.0.0"
    static let description = "Counts OM events per table and per action (Swift example)"
    static let omTables = ["*"]
    static let kvTables = ["counts"]
    static let routes: [Route] = [
        .get("/examples/swift_counter"),
        .get("/examples/swift_counter/admin", admin: true),
    ]

    /// The table whose events make process() fail, from the config.
    private let failOnTable: String?
    /// The error code of that failure.
    private let failCode: ReconTaskError.Code
    /// How many more failures to produce (nil: always fail).
    private let remainingFailures: FailureBudget
    /// Events seen by process(), exported as recon_plugin_swift_counter_events_total.
    private let eventsTotal: Counter

    init(host: TaskHost, args: InitArgs) throws {
        let config = try args.config
        failOnTable = config["fail_on_table"]?.stringValue
        switch config["fail_with"]?.stringValue ?? "failed" {
        case "retry": failCode = .retry
        case "fatal": failCode = .fatal
        case "failed": failCode = .failed
        case let other: throw ReconTaskError.invalid("swift_counter: fail_with must be failed, retry or fatal, not \(other)")
        }
        remainingFailures = FailureBudget(config["fail_times"]?.intValue)
        eventsTotal = try host.counter("events_total", help: "OM events seen by process()")
        host.log(.info, "swift_counter ready (fail_on_table: \(failOnTable ?? "none"))")
    }

    func initStore(_ tx: Transaction) throws {
        try tx.sql("CREATE TABLE IF NOT EXISTS events_by_action (action TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    }

    func process(_ batch: EventBatch, _ tx: Transaction) throws {
        // Count in memory first: one read-modify-write per table and action, not per event.
        var perTable: [String: UInt64] = [:]
        var perAction: [String: Int64] = [:]
        for event in batch {
            if let failOnTable, event.table == failOnTable, remainingFailures.take() {
                throw ReconTaskError(failCode, "swift_counter: refusing a batch with table \(failOnTable) (fail_on_table)")
            }
            perTable[event.table.string, default: 0] += 1
            perAction[event.action.description, default: 0] += 1
        }
        for (table, n) in perTable {
            let old = try tx.withKVValue("counts", table) { value in
                value.flatMap { LittleEndian.decode(UInt64.self, from: $0) } ?? 0
            }
            try tx.kvPut("counts", table, LittleEndian.bytes(old + n))
        }
        for (action, n) in perAction {
            try tx.sql(
                """
                INSERT INTO events_by_action (action, n) VALUES (?, ?)
                ON CONFLICT (action) DO UPDATE SET n = n + excluded.n
                """, [.text(action), .int(n)])
        }
        eventsTotal.increment(by: Double(batch.count), in: tx)
    }

    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        if request.route.admin {
            response.json(["ok": true])
            return
        }
        // Both orders are deterministic: kv keys scan bytewise, SQL rows ORDER BY action.
        var tables: [(key: String, value: JSONValue)] = []
        try view.kvScan("counts") { key, value in
            let n = LittleEndian.decode(UInt64.self, from: value) ?? 0
            tables.append((key: String(decoding: key, as: UTF8.self), value: .int(Int64(clamping: n))))
            return true
        }
        var actions: [(key: String, value: JSONValue)] = []
        try view.sql("SELECT action, n FROM events_by_action ORDER BY action") { row in
            actions.append((key: row.text(0) ?? "", value: .int(row.int(1) ?? 0)))
            return true
        }
        response.json(["tables": .object(tables), "actions": .object(actions)])
    }
}

/// The one symbol the host looks up; `@implementation` checks it against recon_task.h.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: SwiftCounter.self, host: host)
}

/// A thread-safe countdown of failures still to produce (nil: unlimited).
final class FailureBudget: Sendable {
    private let remaining: Mutex<Int64?>

    init(_ count: Int64?) { remaining = Mutex(count) }

    /// Whether to fail now; consumes one failure when counted.
    func take() -> Bool {
        remaining.withLock { r in
            guard let n = r else { return true }
            guard n > 0 else { return false }
            r = n - 1
            return true
        }
    }
}
