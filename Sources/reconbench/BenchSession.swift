import Foundation

/// One bench run: the phases in order, the child processes, and the results they fill in.
/// A phase that fails after recond is up is recorded in the notes and the next runs.
final class BenchSession {
    let options: ReconBench
    /// Absolute paths.
    let products: String
    let work: String
    var results: BenchResults
    var omsim: ChildProcess?
    var recond: ChildProcess?
    var omsimAPI: OMSimAPI?
    var recondAPI: RecondAPI?
    var plugins: [ShippedPlugin] = []
    /// The first bucket's path (`/volume/bucket`), for the namespace route.
    var bucketPath = "/"

    /// A session for `options`; collects the machine facts.
    init(options: ReconBench) throws {
        self.options = options
        let cwd = FileManager.default.currentDirectoryPath
        let products = options.products.hasPrefix("/") ? options.products : cwd + "/" + options.products
        self.products = products
        work = options.work.hasPrefix("/") ? options.work : cwd + "/" + options.work
        let available = ShippedPlugin.all.filter { FileManager.default.fileExists(atPath: products + "/" + $0.library) }
        plugins = available
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        results = BenchResults(
            startedAt: formatter.string(from: Date()), machine: MachineFacts.collect(),
            parameters: BenchParameters(
                keys: options.keys, seed: options.seed, products: options.products, workers: options.workers,
                syncIntervalMillis: options.syncIntervalMillis, pluginsLoaded: available.map(\.name),
                pluginsMissing: ShippedPlugin.all.filter { p in !available.contains { $0.name == p.name } }.map(\.library),
                apiConcurrency: options.apiConcurrency, apiThinkMillis: options.apiThinkMillis,
                stagingWriteRate: options.stagingWriteRate, writeRates: options.rates, rateSeconds: options.rateSeconds, lagWrites: options.lagWrites,
                sampleIntervalMillis: options.sampleMillis, repeats: options.repeats, profileMisses: options.profile))
    }

    /// Runs every phase and returns the results with their table rows.
    func run() async -> BenchResults {
        let m = results.machine
        BenchLog.say("reconbench: \(options.keys) keys, \(m.cores) cores, \(Format.bytes(m.memoryBytes)) memory, "
            + "commit \(m.gitCommit), \(m.swiftVersion)")
        if !results.parameters.pluginsMissing.isEmpty {
            note("plugins not found in \(products): \(results.parameters.pluginsMissing.joined(separator: ", "))")
        }
        do {
            try prepareWork()
            try await generate()
            try rawScan()
            try await startOMSim()
            try await startRecond()
            await attempt("reprocess") { try await self.measureReprocess() }
            await attempt("API during staging") { try await self.measureAPIDuringStaging() }
            await attempt("delta lag") { try await self.measureDeltaLag() }
            await profileMisses()
        } catch {
            note("stopped: \(error)")
        }
        if let recond { await recond.stop() }
        if let omsim { await omsim.stop() }
        results.figures = FigureTable.figures(results)
        let formatter = ISO8601DateFormatter()
        results.finishedAt = formatter.string(from: Date())
        return results
    }

    /// Records a problem in the results and prints it.
    func note(_ text: String) {
        results.notes.append(text)
        BenchLog.say("NOTE: " + text)
    }

    /// Runs one phase; its failure becomes a note.
    func attempt(_ phase: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            note("\(phase) failed: \(error)")
            if let recond, !recond.isRunning { note("recond exited; log tail:\n" + recond.tail(30)) }
        }
    }

    /// The time a reprocess of this many keys may take before the bench gives up.
    var reprocessTimeout: Duration { .seconds(max(600, options.keys / 5_000)) }

    private func prepareWork() throws {
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        BenchLog.say("scratch directory \(work)")
    }
}
