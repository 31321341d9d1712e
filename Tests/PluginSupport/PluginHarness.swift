import Foundation
import Logging
import OMSimulator
import ReconRocksDB
import ReconTestSupport

import ReconCore
import ReconEmbeddedOM

/// A recond runtime in this process over a simulated OM, with real plugin libraries
/// loaded by the real loader: tests mutate the OM, let recond catch up, and query the
/// plugins' routes as the HTTP server would.
public final class PluginHarness: Sendable {
    /// The simulated OM (its DB is the truth a test recounts from).
    public let om: SimulatedOM
    /// The runtime: kernel, sync engine, staged reprocessor.
    public let runtime: ReconRuntime
    /// The temporary folder holding the OM DB and recond's data.
    public let dir: TemporaryDirectory
    private let loop: Task<Void, Never>

    /// A plugin to load: its config name, its library, and its config as a YAML flow map.
    public struct Plugin: Sendable {
        public var name: String
        public var library: URL
        public var configYAML: String?

        /// A plugin built by this package, e.g. `.built("nssummary", product: "ReconNSSummary")`
        /// loads `libReconNSSummary.so` from the test build's products.
        public static func built(_ name: String, product: String, configYAML: String? = nil) -> Plugin {
            Plugin(name: name, library: TestPaths.product("lib\(product).so"), configYAML: configYAML)
        }

        /// A plugin library at any path.
        public init(name: String, library: URL, configYAML: String? = nil) {
            self.name = name
            self.library = library
            self.configYAML = configYAML
        }
    }

    /// Generates an OM with `keys` keys (deterministic for `seed`), starts recond on it
    /// with `plugins`, and waits for the first staged build to switch in.
    /// `workloadSeed` fixes the mutations ``applyOperations(_:)`` makes.
    public static func start(
        plugins: [Plugin], keys: Int, seed: UInt64, workloadSeed: UInt64? = nil, workers: Int = 2,
        label: String = "plugin-harness"
    ) async throws -> PluginHarness {
        let dir = try TestPaths.makeTemporaryDirectory(label)
        do {
            let om = try SimulatedOM.create(
                at: dir.file("om").path, keys: keys, seed: seed, options: SimulatedOMOptions(workloadSeed: workloadSeed ?? seed))
            var yaml = "data_dir: recon\nsync:\n  interval: 100ms\nstaging:\n  workers: \(workers)\nplugins:\n"
            for plugin in plugins {
                yaml += "  - name: \(plugin.name)\n    path: \(plugin.library.path)\n"
                if let config = plugin.configYAML { yaml += "    config: \(config)\n" }
            }
            let config = try ReconConfig.parse(yaml: yaml, file: dir.file("config.yaml").path, baseDirectory: dir.path)
            var logger = Logger(label: "harness")
            logger.logLevel = .warning
            let runtime = try ReconRuntime.start(config: config, source: EmbeddedOMSource(om: om), logger: logger)
            let loop = Task { await runtime.run() }
            let harness = PluginHarness(om: om, runtime: runtime, dir: dir, loop: loop)
            try await harness.waitUntil("the first staged build") {
                let s = runtime.staging.status()
                return s.finishedAt != nil && s.state == .none
            }
            try await harness.catchUp()
            return harness
        } catch {
            dir.remove()
            throw error
        }
    }

    private init(om: SimulatedOM, runtime: ReconRuntime, dir: TemporaryDirectory, loop: Task<Void, Never>) {
        self.om = om
        self.runtime = runtime
        self.dir = dir
        self.loop = loop
    }

    /// Applies `count` random OM operations (key puts, overwrites, deletes, renames,
    /// directory creates, renames, deletes and purges, ...) as the OM would.
    @discardableResult
    public func applyOperations(_ count: Int) throws -> [OMOperationKind] {
        try om.workload.applyOperations(count: count)
    }

    /// Triggers a sync and waits until every plugin has consumed the OM's latest sequence.
    public func catchUp(timeout: Duration = .seconds(120)) async throws {
        let target = Int64(try om.latestSequenceNumber)
        let names = Set(runtime.kernel.config.plugins.filter(\.enabled).map(\.name))
        _ = runtime.triggerSync()
        try await waitUntil("plugins at sequence \(target)", timeout: timeout) {
            let rows = runtime.taskStatus().filter { names.contains($0.taskName) }
            return rows.count == names.count && rows.allSatisfy { $0.lastUpdatedSeqNumber >= target }
                && runtime.staging.status().state == .none
        }
    }

    /// Starts a manual staged reprocess and waits until it has switched in.
    public func reprocess(timeout: Duration = .seconds(300)) async throws {
        let before = runtime.staging.status().finishedAt
        guard case .accepted = runtime.requestReprocess(.manual) else {
            throw HarnessError("a manual reprocess was not accepted")
        }
        try await waitUntil("the manual reprocess", timeout: timeout) {
            let s = runtime.staging.status()
            return s.state == .none && s.finishedAt != before && s.finishedAt != nil
        }
    }

    /// Calls a plugin route as the HTTP server would: `path` is under `/api/v1`
    /// (e.g. `/namespace/usage`), matched against every mounted route.
    public func get(_ path: String, _ query: [(String, String)] = []) async throws -> HarnessResponse {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for mounted in runtime.kernel.pluginRoutes where mounted.route.method == "GET" {
            let pattern = mounted.route.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard pattern.count == segments.count else { continue }
            var params: [(String, String)] = []
            var matched = true
            for (p, s) in zip(pattern, segments) {
                if p.hasPrefix("{") && p.hasSuffix("}") {
                    params.append((String(p.dropFirst().dropLast()), s))
                } else if p != s {
                    matched = false
                    break
                }
            }
            guard matched else { continue }
            let answer = try await runtime.kernel.query(
                mounted,
                request: PluginHTTPRequest(method: "GET", path: "/api/v1" + path, pathParams: params, queryParams: query, body: []))
            return HarnessResponse(status: answer.status, body: answer.body)
        }
        throw HarnessError("no plugin route matches GET \(path)")
    }

    /// Visits every record of one OM table in key order (the OM's own DB).
    public func forEachOMRecord(
        _ table: String, _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let cf = om.rocksDB.columnFamily(named: table) else { throw HarnessError("the OM has no table \(table)") }
        try om.rocksDB.forEach(cf, start: [UInt8](), end: [UInt8]()) { k, v in
            try visit(k, v)
            return true
        }
    }

    /// Runs a read-only SQL statement on `plugin`'s store in the live generation and
    /// returns the rows, each column rendered as text (integers in decimal, NULL as "NULL").
    public func sqlRows(plugin: String, _ statement: String) throws -> [[String]] {
        try runtime.kernel.live.withLease { generation in
            let view = try generation.pluginStore(named: plugin).readView()
            defer { view.close() }
            var rows: [[String]] = []
            try view.sqlExec(statement) { row in
                rows.append(row.map { value in
                    switch value {
                    case .null: "NULL"
                    case .int(let n): String(n)
                    case .real(let d): String(d)
                    case .text(let t): t
                    case .blob(let b): String(decoding: b, as: UTF8.self)
                    }
                })
                return true
            }
            return rows
        }
    }

    /// Writes `puts` to the OM's DB in one atomic batch, as one OM transaction would
    /// (the batch reaches recond as a WAL delta).
    public func writeOMBatch(_ puts: [(table: String, key: [UInt8], value: [UInt8])]) throws {
        let batch = RocksDB.WriteBatch()
        for put in puts {
            guard let cf = om.rocksDB.columnFamily(named: put.table) else { throw HarnessError("the OM has no table \(put.table)") }
            batch.put(cf, key: put.key, value: put.value)
        }
        try om.rocksDB.write(batch, sync: false, disableWAL: false)
    }

    /// Stops recond and the OM and removes the folder.
    public func stop() async {
        loop.cancel()
        await loop.value
        await runtime.stop()
        runtime.kernel.shutdown()
        om.close()
        dir.remove()
    }

    /// Polls `condition` every 20 ms until it holds; throws after `timeout`.
    public func waitUntil(_ what: String, timeout: Duration = .seconds(120), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw HarnessError("\(what): not reached within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A plugin's answer.
public struct HarnessResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The body bytes.
    public var body: [UInt8]
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body parsed as JSON (objects are `[String: Any]`, arrays `[Any]`).
    public func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}

/// A harness failure with a message.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
