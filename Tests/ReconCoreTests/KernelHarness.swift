import Foundation
import Logging
import ReconTestSupport

@testable import ReconCore

/// A kernel on a temporary data directory with the C and Swift example plugins.
struct KernelHarness {
    let dir: TemporaryDirectory
    let config: ReconConfig

    /// Builds hello_c with cc and writes a config naming both example plugins.
    init(swiftCounterConfig: String = "{}", helloConfig: String = #"{"greeting": "hi"}"#) throws {
        dir = try TestPaths.makeTemporaryDirectory("recon-kernel")
        let hello = try PluginFixtures.buildHelloC(in: dir)
        let yaml = """
            data_dir: data
            plugins:
              - name: hello_c
                path: \(hello.path)
                config: \(helloConfig)
              - name: swift_counter
                path: \(PluginFixtures.swiftCounter().path)
                config: \(swiftCounterConfig)
            """
        config = try ReconConfig.parse(yaml: yaml, file: dir.file("config.yaml").path, baseDirectory: dir.path)
    }

    /// Starts a kernel (again) on the same data directory.
    func start() throws -> ReconKernel {
        try ReconKernel.start(config: config, logger: Logger(label: "test"))
    }

    /// Answers a plugin route through the kernel.
    static func get(_ kernel: ReconKernel, _ path: String) async throws -> (Int, String) {
        guard let route = kernel.pluginRoutes.first(where: { "/api/v1" + $0.route.path == path }) else {
            throw KernelError.unknownPlugin(path)
        }
        let answer = try await kernel.query(
            route, request: PluginHTTPRequest(method: "GET", path: path, pathParams: [], queryParams: [], body: []))
        return (answer.status, String(decoding: answer.body, as: UTF8.self))
    }
}

/// Event batches built by hand.
enum Batches {
    /// PUT, UPDATE and DELETE on keyTable plus one PUT on userTable, at sequences 1...4.
    static func mixed() -> OMEventBatch {
        var b = OMEventBatch(firstSequence: 1, lastSequence: 4)
        b.append(.put, table: "keyTable", key: Array("/v/b/k1".utf8), value: [1, 2, 3], sequence: 1)
        b.append(.update, table: "keyTable", key: Array("/v/b/k1".utf8), value: [4], oldValue: [1, 2, 3], sequence: 2)
        b.append(.delete, table: "keyTable", key: Array("/v/b/k2".utf8), value: [9], sequence: 3)
        b.append(.put, table: "userTable", key: Array("alice".utf8), value: [7], sequence: 4)
        return b
    }

    /// One PUT on `table` at `sequence`.
    static func one(_ table: String, key: String = "/v/b/x", sequence: UInt64) -> OMEventBatch {
        var b = OMEventBatch(firstSequence: sequence, lastSequence: sequence)
        b.append(.put, table: table, key: Array(key.utf8), value: [0], sequence: sequence)
        return b
    }
}
