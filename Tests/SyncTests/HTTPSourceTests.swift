import Foundation
import Logging
import OzoneFormat
import ReconCore
import Synchronization
import ReconTestSupport
import Testing

/// A shared on/off switch.
private final class Flag: Sendable {
    let value = Mutex(false)
}

/// Serves a ``FakeOM`` the way `omsim` does: `/dbCheckpoint` and `/dbUpdates` (410 = gone).
private func omHandler(_ om: FakeOM, purged: Flag) -> TinyHTTPServer.Handler {
    { target in
        let url = URLComponents(string: target)!
        switch url.path {
        case "/dbCheckpoint":
            return (200, (try? om.checkpointTar()) ?? [])
        case "/dbUpdates":
            let items = url.queryItems ?? []
            guard let seq = items.first(where: { $0.name == "sequenceNumber" })?.value.flatMap(UInt64.init),
                  let limit = items.first(where: { $0.name == "limitCount" })?.value.flatMap(Int.init) else {
                return (400, Array("bad query".utf8))
            }
            if purged.value.withLock({ $0 }) { return (410, Array("SequenceNumberNotFoundException: \(seq)".utf8)) }
            do {
                return (200, try DBUpdatesDecoding.encode(om.updates(since: seq, limit: limit)))
            } catch {
                return (410, Array("\(error)".utf8))
            }
        default:
            return (503, Array("Not the leader\nOM is a follower".utf8))
        }
    }
}

@Suite("Ozone HTTP source")
struct HTTPSourceTests {
    @Test("downloads, pulls deltas, maps 410 and other statuses")
    func endpoints() async throws {
        let om = try FakeOM()
        try seed(om, count: 200)
        let purged = Flag()
        let server = try TinyHTTPServer(handler: omHandler(om, purged: purged))
        defer { server.stop() }
        let source = try OzoneHTTPSource(baseURL: "http://127.0.0.1:\(server.port)/", requestTimeout: .seconds(60))

        try await check(source: source, server: server, om: om, purged: purged)
        try await source.shutdown()
        #expect(throws: OMSourceError.self) { try OzoneHTTPSource(baseURL: "ftp://x", requestTimeout: .seconds(1)) }
    }

    private func check(source: OzoneHTTPSource, server: TinyHTTPServer, om: FakeOM, purged: Flag) async throws {
        let received = Mutex<[UInt8]>([])
        let chunks = Mutex(0)
        try await source.downloadCheckpoint { chunk in
            received.withLock { $0 += chunk }
            chunks.withLock { $0 += 1 }
        }
        let tar = try om.checkpointTar()
        #expect(received.withLock { $0.count } == tar.count)

        let updates = try await source.updates(since: 4, limit: 3)
        #expect(updates == (try om.updates(since: 4, limit: 3)))
        #expect(updates.batches.count == 2)
        #expect(server.requests.withLock { $0.last } == "/dbUpdates?sequenceNumber=4&limitCount=3")

        purged.value.withLock { $0 = true }
        do {
            _ = try await source.updates(since: 7, limit: 10)
            Issue.record("expected sequenceNumberNotFound")
        } catch {
            #expect(error as? OMSourceError == .sequenceNumberNotFound("SequenceNumberNotFoundException: 7"))
        }
        let other = try OzoneHTTPSource(baseURL: "http://127.0.0.1:\(server.port)/other", requestTimeout: .seconds(60))
        do {
            _ = try await other.updates(since: 1, limit: 1)
            Issue.record("expected a transport error")
        } catch let OMSourceError.transport(message) {
            #expect(message.contains("HTTP 503"))
            #expect(message.contains("Not the leader OM is a follower"))
        }
        try await other.shutdown()
    }

    @Test("the engine syncs over HTTP: snapshot, deltas, fallback on 410")
    func engineOverHTTP() async throws {
        let om = try FakeOM()
        try seed(om, count: 20)
        let purged = Flag()
        let server = try TinyHTTPServer(handler: omHandler(om, purged: purged))
        defer { server.stop() }
        let source = try OzoneHTTPSource(baseURL: "http://127.0.0.1:\(server.port)", requestTimeout: .seconds(60))
        let data = try TestPaths.makeTemporaryDirectory("sync-http")
        defer { data.remove() }
        let logger = Logger(label: "http-sync-test")
        let installer = SnapshotInstaller(
            directory: try OMReplicaDirectory(dataDirectory: data.path), limits: TarLimits(maxTotalBytes: 1 << 30),
            options: TestOptions.rocksDB(create: false), logger: logger)
        let recorder = SinkRecorder()
        let engine = OMSyncEngine(
            source: source, installer: installer, config: SyncConfig(deltaLimit: 7), logger: logger,
            onEvents: recorder.onEvents, onSnapshotInstalled: recorder.onSnapshot)
        #expect(await engine.syncOnce() == .snapshotInstalled(sequence: om.latestSequence))
        for i in 0..<30 { try om.put("keyTable", "/vol/bucket/h\(i)", "v\(i)") }
        #expect(await engine.syncOnce() == .caughtUp(sequence: om.latestSequence, batches: 30, events: 30))
        #expect(try replicaContents(engine.live.replica!) == om.contents())
        try om.put("keyTable", "/vol/bucket/late", "v")
        purged.value.withLock { $0 = true }
        #expect(await engine.syncOnce() == .snapshotInstalled(sequence: om.latestSequence))
        #expect(try replicaContents(engine.live.replica!) == om.contents())
        engine.live.replica?.close()
        try await source.shutdown()
    }
}
