import Foundation
import ReconTestSupport

/// A temporary directory with hello_c built by cc and a config naming both examples.
struct DaemonFixture {
    let dir: TemporaryDirectory
    let configFile: URL

    /// Writes `config.yaml` with port 0 (the daemon picks one) and `extra` appended
    /// to the `server:` section.
    init(serverExtra: String = "", plugins: String? = nil, keys: Int = 300, writeRate: Double = 50) throws {
        dir = try TestPaths.makeTemporaryDirectory("recond-e2e")
        let hello = dir.file("libhello_c.so")
        try CCompiler.sharedLibrary([TestPaths.packageRoot.appendingPathComponent("Plugins/Examples/hello_c/hello_c.c")], output: hello)
        let swift = TestPaths.product("libReconExampleSwiftCounter.so")
        let pluginSection = plugins ?? """
              - name: hello_c
                path: \(hello.path)
                config: { greeting: "hello from the test" }
              - name: swift_counter
                path: \(swift.path)
            """
        let yaml = """
            server:
              address: 127.0.0.1
              port: 0
            \(serverExtra)
            data_dir: data
            om:
              source: embedded
              embedded:
                keys: \(keys)
                write_rate: \(writeRate)
            sync:
              interval: 200ms
            plugins:
            \(pluginSection)
            """
        configFile = dir.file("config.yaml")
        try Data(yaml.utf8).write(to: configFile)
    }

    /// Starts `recond run` on this fixture's config (with extra environment variables).
    func startDaemon(environment: [String: String] = [:]) throws -> DaemonProcess {
        try DaemonProcess(
            executable: TestPaths.product("recond"), arguments: ["run", "--config", configFile.path],
            logFile: dir.file("recond.log"), environment: environment)
    }
}
