import Foundation
import ReconCore
import ReconTestSupport

/// Builds the C fixture plugins under Tests/ReconCoreTests/Fixtures with `cc`.
enum PluginFixtures {
    static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/ReconCoreTests/Fixtures")

    /// Compiles fixture `name`.c into `dir` and returns a config entry for it.
    static func build(_ name: String, in dir: TemporaryDirectory, configName: String? = nil) throws -> PluginConfig {
        let lib = dir.file("lib\(name).so")
        try CCompiler.sharedLibrary([directory.appendingPathComponent("\(name).c")], output: lib, extraFlags: ["-I", directory.path])
        return PluginConfig(name: configName ?? name, path: lib.path)
    }

    /// Compiles the hello_c example plugin into `dir`.
    static func buildHelloC(in dir: TemporaryDirectory, configJSON: String = "{}") throws -> PluginConfig {
        let lib = dir.file("libhello_c.so")
        let source = TestPaths.packageRoot.appendingPathComponent("Plugins/Examples/hello_c/hello_c.c")
        try CCompiler.sharedLibrary([source], output: lib)
        return PluginConfig(name: "hello_c", path: lib.path, configJSON: configJSON)
    }

    /// The Swift example plugin, built by SwiftPM next to the test binary.
    static func swiftCounter(configJSON: String = "{}") -> PluginConfig {
        PluginConfig(
            name: "swift_counter", path: TestPaths.product("libReconExampleSwiftCounter.so").path,
            configJSON: configJSON)
    }
}
