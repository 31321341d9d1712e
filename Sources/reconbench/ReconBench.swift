import ArgumentParser
import Foundation

/// The benchmark harness (`make bench`, issue 7): generates an OM DB, measures the raw
/// scan floor, then runs omsim and recond as child processes and measures a staged
/// reprocess, the API during staging and the delta lag; writes `<out>/<date>.json` and
/// `.md` and prints the table.
@main
struct ReconBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconbench", abstract: "Measures reprocess, delta lag, API latency and memory against the physical floor.")

    @Option(name: .long, help: "Committed keys of the generated OM DB.")
    var keys = 1_000_000

    @Option(name: .long, help: "Seed of the generated OM DB.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Directory with omsim, recond and the plugin libraries (.build/release or .build/debug).")
    var products = ".build/release"

    @Option(name: .long, help: "Directory for the results (<date>.json and <date>.md).")
    var out = "bench/results"

    @Option(name: .long, help: "Scratch directory for the OM DB, recond's data and the logs (emptied first).")
    var work = ".build/bench-work"

    @Option(name: .long, help: "recond's staging.workers and the raw scan's parallel thread count.")
    var workers = 2

    @Option(name: .customLong("sync-interval-ms"), help: "recond's sync.interval in milliseconds (at least 100).")
    var syncIntervalMillis = 100

    @Option(name: .long, parsing: .upToNextOption, help: "Write rates (operations/s) of the delta-lag phase.")
    var rates: [Double] = [5_000, 20_000, 50_000]

    @Option(name: .customLong("rate-seconds"), help: "Length of each delta-lag window, seconds.")
    var rateSeconds = 60

    @Option(name: .customLong("lag-writes"), help: ArgumentHelp(
        "How omsim makes the delta-lag phase's commits: held (written ahead, published at the rate) or live (written at the rate, sharing the cores).",
        valueName: "held|live"))
    var lagWrites = LagWrites.held

    @Option(name: .customLong("api-concurrency"), help: "API clients running at once during staging.")
    var apiConcurrency = 4

    @Option(name: .customLong("api-think-ms"), help: "Pause of each API client between two requests, milliseconds.")
    var apiThinkMillis = 5

    @Option(name: .customLong("staging-write-rate"), help: "OM operations/s while the API is measured during staging (deltas to buffer and catch up).")
    var stagingWriteRate = 1_000.0

    @Option(name: .customLong("sample-ms"), help: "Interval of the sequence samplers, milliseconds.")
    var sampleMillis = 10

    @Option(name: .long, help: "Times the raw scan passes and the unloaded reprocess run; the figures are their medians.")
    var repeats = 3

    @Flag(inversion: .prefixedNo, help: "Profile recond with perf while a figure that missed its target is reproduced.")
    var profile = true

    @Flag(name: .customLong("keep-work"), help: "Keep the scratch directory afterwards.")
    var keepWork = false

    func validate() throws {
        guard keys > 0 else { throw ValidationError("--keys must be positive") }
        guard (1...20).contains(repeats) else { throw ValidationError("--repeats must be 1...20") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be 1...64") }
        guard syncIntervalMillis >= 100 else { throw ValidationError("--sync-interval-ms must be at least 100") }
        guard rates.allSatisfy({ $0 > 0 }) else { throw ValidationError("--rates must be positive") }
        guard rateSeconds > 0 else { throw ValidationError("--rate-seconds must be positive") }
        guard apiConcurrency > 0 else { throw ValidationError("--api-concurrency must be positive") }
        guard apiThinkMillis >= 0, stagingWriteRate >= 0, sampleMillis > 0 else {
            throw ValidationError("--api-think-ms, --staging-write-rate must not be negative; --sample-ms must be positive")
        }
    }

    func run() async throws {
        ChildRegistry.installSignalHandlers()
        let session = try BenchSession(options: self)
        let results = await session.run()
        ChildRegistry.terminateAll()
        try BenchOutput.write(results, to: out)
        if !keepWork { try? FileManager.default.removeItem(atPath: work) }
    }
}

extension LagWrites: ExpressibleByArgument {}
