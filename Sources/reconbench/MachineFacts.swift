import Foundation

/// The machine and build a benchmark ran on, recorded with every result.
struct MachineFacts: Codable, Sendable {
    /// Online CPUs (`nproc`).
    var cores: Int
    /// The CPU model from `/proc/cpuinfo`.
    var cpuModel: String
    /// `MemTotal` from `/proc/meminfo`, bytes.
    var memoryBytes: UInt64
    /// `uname -sr`.
    var kernel: String
    /// The first line of `swift --version`.
    var swiftVersion: String
    /// `git rev-parse HEAD`, with `-dirty` when the checkout has uncommitted changes.
    var gitCommit: String
    /// The bench's command line.
    var commandLine: String
    /// `/proc/loadavg` when the bench started (other work on the machine skews timings).
    var loadAverageAtStart: String

    /// Collects the facts of this machine and checkout.
    static func collect() -> MachineFacts {
        let cores = CommandOutput.run(["nproc"]).flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memKiB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } } ?? 0
        var commit = CommandOutput.run(["git", "rev-parse", "HEAD"]) ?? "unknown"
        if let changes = CommandOutput.run(["git", "status", "--porcelain", "--untracked-files=no"]), !changes.isEmpty {
            commit += "-dirty"
        }
        return MachineFacts(
            cores: cores, cpuModel: model, memoryBytes: memKiB * 1024,
            kernel: CommandOutput.run(["uname", "-sr"]) ?? "unknown",
            swiftVersion: CommandOutput.run(["swift", "--version"])?.split(separator: "\n").first.map(String.init) ?? "unknown",
            gitCommit: commit,
            commandLine: CommandLine.arguments.joined(separator: " "),
            loadAverageAtStart: ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
