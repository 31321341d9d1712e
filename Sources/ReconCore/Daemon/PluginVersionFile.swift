import Foundation

/// `data/tasks/plugin-versions.json`: the plugin names and versions the live
/// generation was last rebuilt with. A difference at startup means a plugin was
/// added, removed or upgraded, and triggers a staged reprocess.
struct PluginVersionFile: Sendable {
    let url: URL

    /// The recorded versions, or nil when never written.
    func read() -> [String: String]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }

    /// Records `versions` (atomically).
    func write(_ versions: [String: String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(Array(try encoder.encode(versions)), to: url)
    }
}
