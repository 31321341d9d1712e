import Logging
import Testing
@testable import ReconCore

@Suite("Defaults")
struct DefaultsTests {
    @Test("empty, comment-only and null documents give the defaults",
          arguments: ["", "\n\n", "# only a comment\n   # and another\n", "---\n", "~\n", "server:\nsync:\nplugins:\n"])
    func emptyDocuments(yaml: String) throws {
        #expect(try config(yaml) == ReconConfig.default(baseDirectory: testBase))
    }

    @Test("the CPU priority knobs can be set")
    func performanceKnobs() throws {
        let loaded = try config("staging:\n  nice: 0\nstorage:\n  kv:\n    low_priority_compactions: true\n")
        #expect(loaded.staging.nice == 0)
        #expect(loaded.storage.kv.lowPriorityCompactions)
    }

    @Test("the default values are the documented ones")
    func documentedValues() throws {
        let loaded = try config("")
        #expect(loaded.server.address == "127.0.0.1")
        #expect(loaded.server.port == 9888)
        #expect(loaded.server.tokens.isEmpty)
        #expect(loaded.dataDirectory == "/etc/recon/data")
        #expect(loaded.configFile == "/etc/recon/config.yaml")
        #expect(loaded.om.source == .embedded)
        #expect(loaded.om.url == nil)
        #expect(loaded.om.embedded == EmbeddedOMConfig(keys: 5000, seed: 42, writeRate: 20))
        #expect(loaded.om.snapshotMaxBytes == 64 * 1024 * 1024 * 1024)
        #expect(loaded.om.requestTimeout == .seconds(60))
        #expect(loaded.sync.interval == .seconds(5))
        #expect(loaded.sync.deltaLimit == 50_000)
        #expect(loaded.sync.initialDelay == .zero)
        #expect(loaded.staging.enabled)
        #expect(loaded.staging.maxRetries == 6)
        #expect(loaded.staging.backoff == .seconds(2))
        #expect(loaded.staging.backoffMax == .seconds(300))
        #expect(loaded.staging.eventBuffer == 20_000)
        #expect(loaded.staging.workers == 2)
        #expect(loaded.staging.nice == 10)
        #expect(!loaded.storage.kv.lowPriorityCompactions)
        #expect(loaded.storage.kv.backend == .rocksdb)
        #expect(loaded.storage.kv.blockCache == 256 * 1024 * 1024)
        #expect(loaded.storage.kv.writeBuffer == 64 * 1024 * 1024)
        #expect(loaded.storage.kv.maxOpenFiles == 512)
        #expect(loaded.storage.kv.compression == .lz4)
        #expect(loaded.storage.sql.backend == .sqlite)
        #expect(loaded.storage.sql.synchronous == .full)
        #expect(loaded.plugins.isEmpty)
        #expect(loaded.logging.level == Logger.Level.info)
        #expect(loaded.logging.format == .text)
    }

    @Test("a partial section keeps the other defaults")
    func partialSection() throws {
        let loaded = try config("sync:\n  interval: 1s\n")
        #expect(loaded.sync == SyncConfig(interval: .seconds(1), deltaLimit: 50_000, initialDelay: .zero))
        #expect(loaded.staging == StagingConfig.defaults)
    }
}
