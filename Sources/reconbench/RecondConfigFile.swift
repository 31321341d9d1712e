import Foundation

/// The shipped plugins the bench loads: config name and library file in the products dir.
struct ShippedPlugin: Codable, Sendable {
    /// The name in recond's config (also its task-status row).
    var name: String
    /// The library file name.
    var library: String

    /// Every shipped plugin, in load order.
    static let all = [
        ShippedPlugin(name: "nssummary", library: "libReconNSSummary.so"),
        ShippedPlugin(name: "file_size_count", library: "libReconFileSizeCount.so"),
        ShippedPlugin(name: "container_key_mapper", library: "libReconContainerKeyMapper.so"),
        ShippedPlugin(name: "table_insight", library: "libReconTableInsight.so"),
    ]
}

/// The recond config the bench writes: the OM over HTTP (omsim), an ephemeral API port,
/// a short sync interval and the shipped plugins; every other setting is recond's default.
struct RecondConfigFile {
    /// `data_dir`.
    var dataDirectory: String
    /// The OM's base URL.
    var omURL: String
    /// `sync.interval` in milliseconds.
    var syncIntervalMillis: Int
    /// `staging.workers`.
    var workers: Int
    /// The plugins and their library paths.
    var plugins: [(plugin: ShippedPlugin, path: String)]

    /// The YAML text.
    var yaml: String {
        var lines = [
            "# Written by reconbench.",
            "server:",
            "  address: 127.0.0.1",
            "  port: 0",
            "data_dir: \(quoted(dataDirectory))",
            "om:",
            "  source: ozone-http",
            "  url: \(quoted(omURL))",
            "sync:",
            "  interval: \(syncIntervalMillis)ms",
            "staging:",
            "  workers: \(workers)",
            "logging:",
            "  level: info",
            "  format: text",
            "plugins:",
        ]
        for (plugin, path) in plugins {
            lines += ["  - name: \(plugin.name)", "    path: \(quoted(path))"]
        }
        if plugins.isEmpty { lines[lines.count - 1] = "plugins: []" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file to `path`.
    func write(to path: String) throws {
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
