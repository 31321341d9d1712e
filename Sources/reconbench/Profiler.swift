import Foundation

/// A CPU profile of one process taken with `perf record -g` while a figure that missed its
/// target is reproduced, summarized as the top shared objects and symbols (Swift names
/// demangled).
struct ProfileResult: Codable, Sendable {
    /// The figure it explains.
    var figure: String
    /// The profiled process.
    var process: String
    /// The `perf.data` file (in the scratch directory; kept with `--keep-work`).
    var perfData: String
    /// How the summary was made.
    var reportCommand: String
    /// Samples by shared object, highest first.
    var topObjects: [String]
    /// Samples by symbol, highest first.
    var topSymbols: [String]
    /// Samples by symbol including their callees (what the time is spent under).
    var topInclusive: [String]
}

/// Runs `perf record` on a process around a piece of work.
struct Profiler {
    /// Where perf files go.
    let directory: String

    /// Whether perf can be run here.
    static var isAvailable: Bool { CommandOutput.run(["perf", "--version"]) != nil }

    /// Profiles `pid` while `work` runs and summarizes the samples.
    func profile(
        figure: String, process name: String, pid: Int32, _ work: () async throws -> Void
    ) async throws -> ProfileResult {
        let slug = figure.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let data = directory + "/perf-" + String(slug) + ".data"
        let perf = try ChildProcess(
            name: "perf", executable: "/usr/bin/env",
            arguments: ["perf", "record", "-g", "-F", "499", "-p", String(pid), "-o", data],
            logPath: data + ".log", dieWithParent: true)
        try await Task.sleep(for: .milliseconds(500))
        do {
            try await work()
        } catch {
            await perf.stop(signal: SIGINT)
            throw error
        }
        await perf.stop(signal: SIGINT)
        let objects = report(data, sort: "dso", children: false)
        let symbols = report(data, sort: "dso,symbol", children: false)
        let inclusive = report(data, sort: "dso,symbol", children: true).filter { !Self.isPlumbing($0) }
        BenchLog.say("  profile of \(name) for \(figure): \(data)")
        for line in symbols.prefix(8) { BenchLog.say("    " + line) }
        return ProfileResult(
            figure: figure, process: name, perfData: data,
            reportCommand: "perf report --stdio --no-children -g none --percent-limit 1 --sort dso,symbol -i \(data) | swift demangle --simplified",
            topObjects: objects, topSymbols: symbols, topInclusive: inclusive)
    }

    /// Frames every thread or task passes through (thread starts, executors, closures and
    /// thunks): dropped from the inclusive view so that the functions doing the work show.
    private static func isPlumbing(_ row: String) -> Bool {
        let generic = ["libdispatch.so", "libswift_Concurrency.so", "libFoundation.so", "start_thread", "clone3",
                       "closure #", "partial apply", "thunk", "Result<", "withUnsafe", "withExtendedLifetime",
                       "StagingThreads", "swift_job_run"]
        return generic.contains { row.contains($0) }
    }

    /// The first 25 rows of `perf report` sorted by `sort` (self time, or with `children`
    /// the time including callees), demangled, one space between columns.
    private func report(_ data: String, sort: String, children: Bool) -> [String] {
        let text = data + "." + sort.replacingOccurrences(of: ",", with: "-") + (children ? ".children" : "") + ".txt"
        guard let raw = CommandOutput.run(
            ["perf", "report", "--stdio", children ? "--children" : "--no-children", "-g", "none",
             "--percent-limit", children ? "3" : "1", "--sort", sort, "-i", data])
        else { return ["perf report failed"] }
        try? raw.write(toFile: text, atomically: true, encoding: .utf8)
        let readable = CommandOutput.run(["swift", "demangle", "--simplified"], input: text) ?? raw
        let rows = readable.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { line in
                // Columns are padded to the longest name, and the IPC columns are "-" without LBR.
                var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                while words.last == "-" { words.removeLast() }
                return words.joined(separator: " ")
            }
        return Array(rows.prefix(children ? 80 : 25))
    }
}
