import Foundation
import OzoneFormat
import ReconCore
import Testing

/// A malformed checkpoint and the refusal it must get.
struct BadTarball: Sendable, CustomTestStringConvertible {
    let name: String
    /// Builds the archive from a good checkpoint archive.
    let make: @Sendable ([UInt8]) -> [UInt8]
    /// Text the failure message must contain.
    let expected: String
    /// Archive limit of the installer.
    var limit: UInt64 = 1 << 30

    var testDescription: String { name }

    static let all: [BadTarball] = [
        BadTarball(name: "truncated", make: { Array($0.prefix($0.count / 2)) }, expected: "truncated"),
        BadTarball(name: "parent directory", make: { _ in
            var w = TestTarWriter()
            w.add("CURRENT", data: Array("MANIFEST-000001\n".utf8))
            w.add("../x", data: [1, 2, 3])
            w.finish()
            return w.bytes
        }, expected: "'../x' has a '..' component"),
        BadTarball(name: "absolute path", make: { _ in
            var w = TestTarWriter()
            w.add("/tmp/evil", data: [1])
            w.finish()
            return w.bytes
        }, expected: "'/tmp/evil' has an absolute path"),
        BadTarball(name: "symlink", make: { _ in
            var w = TestTarWriter()
            w.add("CURRENT", type: .symbolicLink, linkName: "/etc/passwd")
            w.finish()
            return w.bytes
        }, expected: "'CURRENT' is a symbolic link (to '/etc/passwd')"),
        BadTarball(name: "hardlink", make: { _ in
            var w = TestTarWriter()
            w.add("MANIFEST-000001", data: [1])
            w.add("CURRENT", type: .hardLink, linkName: "MANIFEST-000001")
            w.finish()
            return w.bytes
        }, expected: "'CURRENT' is a hard link"),
        BadTarball(name: "entry over the byte limit", make: { _ in
            var w = TestTarWriter()
            w.add("000001.sst", declaredSize: 2 << 30)
            return w.bytes
        }, expected: "'000001.sst' is 2147483648 bytes, more than the 1073741824-byte limit"),
        BadTarball(name: "archive over the byte limit", make: { $0 }, expected: "larger than the 8192-byte limit", limit: 8192),
        BadTarball(name: "bad checksum", make: { _ in
            var w = TestTarWriter()
            w.add("CURRENT", data: [1])
            w.add("OPTIONS-000001", data: [2], corruptChecksum: true)
            w.finish()
            return w.bytes
        }, expected: "bad checksum"),
        BadTarball(name: "duplicate name", make: { _ in
            var w = TestTarWriter()
            w.add("CURRENT", data: [1])
            w.add("CURRENT", data: [2])
            w.finish()
            return w.bytes
        }, expected: "'CURRENT' appears twice"),
    ]
}

@Suite("Bad checkpoint archives")
struct BadTarballTests {
    @Test("is refused, the previous replica keeps serving, no staging dir is left", arguments: BadTarball.all)
    func refused(_ bad: BadTarball) async throws {
        let f = try SyncFixture(limits: TarLimits(maxTotalBytes: bad.limit))
        try seed(f.om, count: 10)
        // The first snapshot must fit even the small limit: install it with a generous installer.
        if bad.limit < 1 << 20 {
            let big = SnapshotInstaller(
                directory: f.directory, limits: TarLimits(maxTotalBytes: 1 << 30), options: TestOptions.rocksDB(create: false),
                logger: .init(label: "t"))
            let result = try await big.install(from: f.source)
            result.replica.close()
            f.engine.openExistingReplica()
        } else {
            _ = await f.engine.syncOnce()
        }
        let previous = f.replica
        let before = try replicaContents(previous)
        let sequence = try previous.latestSequenceNumber
        let good = try f.om.checkpointTar()
        try f.om.put("keyTable", "/vol/bucket/new", "v")
        f.source.faults.withLock { $0.tarOverride = bad.make(good); $0.purged = true }

        let outcome = await f.engine.syncOnce()
        guard case .failed(let kind, let message) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(kind == "tar_rejected")
        #expect(message.contains(bad.expected), "\(message)")
        #expect(f.engine.status.lastErrorKind == "tar_rejected")
        #expect(f.replica === previous)
        #expect(!previous.isClosed)
        #expect(try previous.latestSequenceNumber == sequence)
        #expect(try replicaContents(previous) == before)
        #expect(try f.omEntries() == ["CURRENT", "db-000000000001"])
        #expect(f.recorder.snapshots.withLock { $0.count } <= 1)
    }
}
