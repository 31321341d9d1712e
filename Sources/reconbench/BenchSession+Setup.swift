import Foundation

/// The phases before recond is measured: the OM DB, the raw scan, and starting the
/// children.
extension BenchSession {
    var omDirectory: String { work + "/om.db" }
    var dataDirectory: String { work + "/recond-data" }

    /// Generates the OM DB with `omsim generate`, relaying its progress.
    func generate() async throws {
        BenchLog.phase("generating an OM DB of \(options.keys) keys")
        let start = ContinuousClock.now
        let child = try ChildProcess(
            name: "omsim generate", executable: products + "/omsim",
            arguments: ["generate", "--keys", String(options.keys), "--seed", String(options.seed), "--out", omDirectory],
            logPath: work + "/omsim-generate.log", dieWithParent: true)
        while child.isRunning {
            try await Task.sleep(for: .seconds(1))
            child.relayNewLines()
        }
        child.relayNewLines()
        let status = await child.waitForExit()
        guard status == 0 else { throw BenchError("omsim generate exited with \(status):\n\(child.tail())") }
        results.generation = GenerationResult(
            seconds: (ContinuousClock.now - start).seconds, bytesOnDisk: DirectorySize.bytes(omDirectory))
    }

    /// Phase 1: the raw scan (warm-up, then 1 thread and `workers` threads).
    func rawScan() throws {
        BenchLog.phase("phase 1: raw scan of every column family (the physical floor)")
        let database = try RawScanDatabase(path: omDirectory)
        let scan = RawScan(database: database)
        let start = ContinuousClock.now
        let warm = try scan.warmUp(samplesPerFamily: 256)
        let warmSeconds = (ContinuousClock.now - start).seconds
        let total = warm.records.values.reduce(0, +)
        BenchLog.say("  warm-up: \(total) records in \(Format.seconds(warmSeconds))")
        if let bucket = warm.first["bucketTable"] { bucketPath = String(decoding: bucket, as: UTF8.self) }
        var passes: [RawScanPass] = []
        var repeatSeconds: [String: [Double]] = [:]
        var checksum: String?
        for threads in Array(Set([1, options.workers])).sorted() {
            var runs: [RawScanPass] = []
            for _ in 0..<options.repeats {
                let pass = try scan.pass(threads: threads, splits: warm.splits)
                BenchLog.say("  \(threads) thread(s): \(pass.records) records, \(Format.bytes(pass.bytes)) in \(Format.seconds(pass.seconds)) = "
                    + "\(Format.count(pass.recordsPerSecond)) records/s, " + String(format: "%.0f MiB/s", pass.mebibytesPerSecond))
                guard pass.records == total else {
                    throw BenchError("raw scan pass with \(threads) threads read \(pass.records) records, the warm-up \(total)")
                }
                if let checksum, checksum != pass.checksum {
                    throw BenchError("raw scan passes disagree: checksum \(checksum) vs \(pass.checksum)")
                }
                checksum = pass.checksum
                runs.append(pass)
            }
            repeatSeconds[String(threads)] = runs.map(\.seconds)
            passes.append(Percentiles.median(of: runs, by: \.seconds))
        }
        results.rawScan = RawScanResult(
            warmUpSeconds: warmSeconds, recordsPerFamily: warm.records, passes: passes, repeatSeconds: repeatSeconds,
            floorSeconds: passes.map(\.seconds).min() ?? warmSeconds)
    }

    /// Starts `omsim serve` on the DB (not writing yet).
    func startOMSim() async throws {
        BenchLog.phase("starting omsim serve")
        let child = try ChildProcess(
            name: "omsim", executable: products + "/omsim",
            arguments: ["serve", "--db", omDirectory, "--port", "0", "--exit-with-parent"],
            logPath: work + "/omsim.log", dieWithParent: true)
        omsim = child
        let port = try await child.waitForPort(timeout: .seconds(120))
        omsimAPI = OMSimAPI(http: BenchHTTP(port: port))
        BenchLog.say("  omsim (pid \(child.pid)) on port \(port)")
    }

    /// Writes recond's config, starts it and measures its first staged reprocess.
    func startRecond() async throws {
        BenchLog.phase("starting recond (checkpoint install and first staged reprocess)")
        guard let omsimAPI else { throw BenchError("omsim is not running") }
        let config = RecondConfigFile(
            dataDirectory: dataDirectory, omURL: omsimAPI.http.base, syncIntervalMillis: options.syncIntervalMillis,
            workers: options.workers, plugins: plugins.map { ($0, products + "/" + $0.library) })
        let configPath = work + "/recond.yaml"
        try config.write(to: configPath)
        let since = unixMillis()
        let child = try ChildProcess(
            name: "recond", executable: products + "/recond", arguments: ["run", "--config", configPath],
            logPath: work + "/recond.log", dieWithParent: true)
        recond = child
        let port = try await child.waitForPort(timeout: .seconds(120))
        let api = RecondAPI(http: BenchHTTP(port: port))
        recondAPI = api
        BenchLog.say("  recond (pid \(child.pid)) on port \(port), plugins: \(plugins.map(\.name).joined(separator: ", "))")
        results.initialReprocess = try await measurement().startup(since: since, timeout: reprocessTimeout)
    }

    /// A reprocess measurement against the running recond.
    func measurement() throws -> ReprocessMeasurement {
        guard let recond, let recondAPI else { throw BenchError("recond is not running") }
        return ReprocessMeasurement(
            api: recondAPI, probe: ProcessProbe(pid: recond.pid), tasksDirectory: dataDirectory + "/tasks",
            floorSeconds: results.rawScan?.floorSeconds)
    }
}
