import ArgumentParser
import Foundation
import OMSimulator

/// `omsim generate --keys N --seed S --out DIR`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write a new OM DB in Ozone's format.")

    @Option(name: .long, help: "Committed keys and files to generate (open, deleted and multipart entries and directories come on top).")
    var keys: Int

    @Option(name: .long, help: "Seed of the deterministic random stream.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The OM DB directory to create (must not exist).")
    var out: String

    @Flag(name: .long, help: "Skip the final compaction (faster, larger DB with many level-0 files).")
    var noCompact = false

    func validate() throws {
        guard keys >= 0 else { throw ValidationError("--keys must not be negative") }
    }

    func run() throws {
        say("omsim: generating \(keys) keys (seed \(seed)) into \(out)")
        let summary = try OMGenerator.generate(at: out, options: OMGeneratorOptions(
            keys: keys, seed: seed, compact: !noCompact,
            progress: { p in
                let rate = p.elapsedSeconds > 0 ? Double(p.keysWritten) / p.elapsedSeconds : 0
                say(String(format: "  %@: %d/%d keys, %.1f s, %.0f keys/s", p.phase, p.keysWritten, p.keysTotal, p.elapsedSeconds, rate))
            }))
        say("omsim: done in \(String(format: "%.1f", summary.seconds)) s")
        say("  keys: \(summary.keys)  buckets: \(summary.bucketsByStyle.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        say("  bytes on disk: \(summary.bytesOnDisk) (\(String(format: "%.1f", Double(summary.bytesOnDisk) / 1_048_576)) MiB)")
        say("  latest sequence number: \(summary.latestSequenceNumber), last transaction: \(summary.lastTransactionIndex), highest container: \(summary.highestContainerID)")
        say("  tables:")
        for (table, count) in summary.tableCounts.sorted(by: { $0.key < $1.key }) {
            say("    \(table.padding(toLength: 28, withPad: " ", startingAt: 0)) \(count)")
        }
    }
}

/// Writes a line to standard output at once (no buffering, so progress shows up also when
/// the output is a file or a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
