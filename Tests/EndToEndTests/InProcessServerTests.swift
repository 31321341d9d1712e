import Foundation
import Logging
import ReconCore
import ReconHTTP
import ReconTestSupport
import ServiceLifecycle
import Testing

/// The kernel and the HTTP server in this process, on a real loopback socket:
/// events go in through the kernel, answers come out over HTTP.
@Suite("Plugins answer over a real socket")
struct InProcessServerTests {
    @Test func eventsWrittenThroughHostTransactionsAreServedOverHTTP() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.dir.remove() }
        let config = try ReconConfig.load(path: fixture.configFile.path)
        let logger = Logger(label: "e2e")
        let kernel = try ReconKernel.start(config: config, logger: logger)
        defer { kernel.shutdown() }

        var batch = OMEventBatch(firstSequence: 10, lastSequence: 12)
        batch.append(.put, table: "volumeTable", key: Array("/vol1".utf8), value: [1], sequence: 10)
        batch.append(.put, table: "keyTable", key: Array("/vol1/b1/k1".utf8), value: [2], sequence: 11)
        batch.append(.delete, table: "keyTable", key: Array("/vol1/b1/k1".utf8), value: [2], sequence: 12)
        try await kernel.process(batch)

        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = APIServer.makeApplication(kernel: kernel, metrics: nil, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = portStream.makeAsyncIterator()
            let client = HTTPTestClient(port: try #require(await ports.next()))

            let hello = try await client.get("/api/v1/examples/hello_c")
            #expect(hello.status == 200)
            #expect(hello.body == #"{"greeting":"hello from the test","tables":[{"table":"keyTable","puts":1,"updates":0,"deletes":1,"bytes":0},{"table":"volumeTable","puts":1,"updates":0,"deletes":0,"bytes":0}]}"#)
            let counter = try await client.get("/api/v1/examples/swift_counter")
            #expect(counter.body == #"{"tables":{"keyTable":2,"volumeTable":1},"actions":{"DELETE":1,"PUT":2}}"#)
            let status = try await client.get("/api/v1/task/status")
            #expect(status.body.contains(#""lastUpdatedSeqNumber":12"#))

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
