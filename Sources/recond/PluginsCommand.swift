import ArgumentParser
import Foundation
import ReconCore

/// `recond plugins --config FILE`: loads (without starting) every enabled plugin and
/// lists its name, version, ABI, tables and routes. Exits 2 if any is refused.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the configured plugins as the loader sees them.")

    @Option(name: .long, help: "The config file.")
    var config: String = "config.yaml"

    func run() throws {
        let settings: ReconConfig
        do {
            settings = try ReconConfig.load(path: config)
        } catch {
            for e in error.errors { printError(e.description) }
            throw ExitCode(2)
        }
        let loaded: [LoadedPlugin]
        do {
            loaded = try DynamicPluginLoader().load(settings.plugins)
        } catch {
            for e in error.errors { printError(e.description) }
            throw ExitCode(2)
        }
        for config in settings.plugins where !config.enabled {
            print("\(config.name)  (disabled)  \(config.path)\n")
        }
        for plugin in loaded {
            let i = plugin.info
            print("\(i.name) \(i.version)  ABI \(i.abiVersion)  built with \(i.builtWith)")
            if !i.summary.isEmpty { print("  \(i.summary)") }
            print("  library:   \(plugin.config.path)")
            print("  OM tables: \(i.omTables.joined(separator: ", "))")
            print("  kv tables: \(i.kvTables.isEmpty ? "-" : i.kvTables.joined(separator: ", "))")
            print("  reprocess: \(i.supportsReprocess ? "yes" : "no")")
            if i.routes.isEmpty {
                print("  routes:    -")
            } else {
                for r in i.routes {
                    print("  route:     \(r.method) /api/v1\(r.path)\(r.adminOnly ? "  (admin)" : "")")
                }
            }
            print("")
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    var stderr = StandardError()
    print(line, to: &stderr)
}

private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
