import Foundation

/// Writes a run's JSON and markdown files and prints the table.
enum BenchOutput {
    /// Writes `<directory>/<date>.json` and `.md` and prints the markdown.
    static func write(_ results: BenchResults, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = directory + "/" + results.startedAt.replacingOccurrences(of: ":", with: "-")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(results).write(to: URL(fileURLWithPath: stem + ".json"))
        let markdown = FigureTable.markdown(results)
        try markdown.write(toFile: stem + ".md", atomically: true, encoding: .utf8)
        BenchLog.say("wrote \(stem).json and \(stem).md")
        FileHandle.standardOutput.write(Data(("\n" + markdown).utf8))
    }
}
