import Foundation
import Logging
import OzoneFormat
import ReconCore
import ReconTestSupport

/// A fake OM, its source, and an engine syncing into a temp data directory.
final class SyncFixture: Sendable {
    let om: FakeOM
    let source: FakeOMSource
    let data: TemporaryDirectory
    let directory: OMReplicaDirectory
    let installer: SnapshotInstaller
    let recorder = SinkRecorder()
    let engine: OMSyncEngine

    init(
        deltaLimit: Int = 50_000, interval: Duration = .seconds(3600), limits: TarLimits = TarLimits(maxTotalBytes: 1 << 30)
    ) throws {
        om = try FakeOM()
        source = FakeOMSource(om: om)
        data = try TestPaths.makeTemporaryDirectory("sync-data")
        directory = try OMReplicaDirectory(dataDirectory: data.path)
        let logger = Logger(label: "sync-test")
        installer = SnapshotInstaller(directory: directory, limits: limits, options: TestOptions.rocksDB(create: false), logger: logger)
        engine = OMSyncEngine(
            source: source, installer: installer,
            config: SyncConfig(interval: interval, deltaLimit: deltaLimit, initialDelay: .zero),
            logger: logger, onEvents: recorder.onEvents, onSnapshotInstalled: recorder.onSnapshot)
    }

    deinit {
        engine.live.replica?.close()
        data.remove()
    }

    /// The live replica (fails the test when there is none).
    var replica: OMReplica { engine.live.replica! }

    /// Names in `<data>/om`.
    func omEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.root.path).sorted()
    }

    /// A new engine over the same data directory (a restart).
    func restartedEngine() -> OMSyncEngine {
        OMSyncEngine(
            source: source, installer: installer, config: engine.config,
            logger: Logger(label: "sync-test"), onEvents: recorder.onEvents, onSnapshotInstalled: recorder.onSnapshot)
    }
}

/// Fills a few OM tables with `count` keys each.
func seed(_ om: FakeOM, count: Int = 50) throws {
    try om.write { b, om in
        b.put(columnFamily: om.id("volumeTable"), key: Array("/vol".utf8), value: Array("volume-info".utf8))
        b.put(columnFamily: om.id("bucketTable"), key: Array("/vol/bucket".utf8), value: Array("bucket-info".utf8))
    }
    for i in 0..<count {
        try om.write { b, om in
            b.put(columnFamily: om.id("keyTable"), key: Array("/vol/bucket/key-\(i)".utf8), value: Array("key-value-\(i)".utf8))
            b.put(columnFamily: om.id("fileTable"), key: Array("/1/2/2/file-\(i)".utf8), value: Array("file-value-\(i)".utf8))
        }
    }
}
