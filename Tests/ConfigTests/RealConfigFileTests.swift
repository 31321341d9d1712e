import Foundation
import Logging
import Testing
@testable import ReconCore

@Suite("The shipped config.yaml")
struct RealConfigFileTests {
    /// The package root, found from this file's location (Tests/ConfigTests/<file>).
    static let packageRoot: String = {
        let file = ConfigPaths.normalize(#filePath)
        return ConfigPaths.directory(of: ConfigPaths.directory(of: ConfigPaths.directory(of: file)))
    }()

    @Test("loads without errors and has the documented content")
    func loads() throws {
        let root = Self.packageRoot
        let loaded = try ReconConfig.load(path: root + "/config.yaml")
        #expect(loaded.configFile == root + "/config.yaml")
        #expect(loaded.server == ServerConfig(address: "127.0.0.1", port: 9888, tokens: []))
        #expect(loaded.dataDirectory == root + "/data")
        #expect(loaded.om.source == .embedded)
        #expect(loaded.om.url == nil)
        let shipped = [
            ("nssummary", "ReconNSSummary"), ("file_size_count", "ReconFileSizeCount"),
            ("container_key_mapper", "ReconContainerKeyMapper"), ("table_insight", "ReconTableInsight"),
        ]
        let expected = shipped.map { name, product in
            PluginConfig(name: name, path: root + "/.build/release/lib\(product).so", enabled: true, configJSON: "{}", line: 0)
        } + [
            PluginConfig(name: "hello_c", path: root + "/Plugins/Examples/hello_c/libhello_c.so", enabled: true,
                         configJSON: #"{"greeting":"hello from C"}"#, line: 0),
            PluginConfig(name: "swift_counter", path: root + "/.build/release/libReconExampleSwiftCounter.so",
                         enabled: true, configJSON: "{}", line: 0),
        ]
        var unlined = loaded.plugins
        for i in unlined.indices { unlined[i].line = 0 }
        #expect(unlined == expected)
        #expect(loaded.plugins.allSatisfy { $0.line > 0 })
        #expect(loaded.logging.level == Logger.Level.info)
    }

    @Test("its values match the built-in defaults except for the plugin list")
    func matchesDefaults() throws {
        let root = Self.packageRoot
        var loaded = try ReconConfig.load(path: root + "/config.yaml")
        loaded.plugins = []
        #expect(loaded == ReconConfig.default(baseDirectory: root))
    }
}
