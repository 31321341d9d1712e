import Testing
@testable import ReconCore

@Suite("Duration and size syntax")
struct DurationAndSizeTests {
    @Test("a word where a duration is expected, with the documented description")
    func durationWord() throws {
        let found = errors("sync:\n  interval: fast\n")
        #expect(found.map(\.spot) == [Spot(2, 13, "sync.interval")])
        let error = try #require(found.first)
        #expect(error.description == #"config.yaml:2:13: sync.interval: expected a duration such as 5s, 1m or 250ms, got "fast""#)
    }

    @Test("a bare number asks for a unit")
    func durationWithoutUnit() {
        expectOneError("sync:\n  interval: 5\n", at: Spot(2, 13, "sync.interval"),
                       message: "expected a duration such as 5s, 1m or 250ms, got 5; add a unit (ms, s, m or h)")
    }

    @Test("a quoted bare number also asks for a unit")
    func quotedDurationWithoutUnit() {
        expectOneError("sync:\n  interval: \"5\"\n", at: Spot(2, 13, "sync.interval"),
                       message: #"expected a duration such as 5s, 1m or 250ms, got "5"; add a unit (ms, s, m or h)"#)
    }

    @Test("bad durations", arguments: ["5sec", "-5s", "1.5.5s", "s", "5 minutes", ".5s", "5S"])
    func badDuration(text: String) {
        expectOneError("sync:\n  initial_delay: \(text)\n", at: Spot(2, 18, "sync.initial_delay"),
                       message: "expected a duration such as 5s, 1m or 250ms, got \"\(text)\"")
    }

    @Test("a list where a duration is expected")
    func listForDuration() {
        expectOneError("sync:\n  interval: [5s]\n", at: Spot(2, 13, "sync.interval"),
                       message: "expected a duration such as 5s, 1m or 250ms, got a list")
    }

    @Test("valid durations in every unit")
    func goodDurations() throws {
        let yaml = """
            sync:
              interval: 250ms
              initial_delay: 1.5m
            om:
              request_timeout: 2h
            staging:
              backoff: "0.5s"
              backoff_max: 90 s
            """
        let loaded = try config(yaml)
        #expect(loaded.sync.interval == .milliseconds(250))
        #expect(loaded.sync.initialDelay == .seconds(90))
        #expect(loaded.om.requestTimeout == .seconds(7200))
        #expect(loaded.staging.backoff == .milliseconds(500))
        #expect(loaded.staging.backoffMax == .seconds(90))
    }

    @Test("a word where a size is expected")
    func sizeWord() {
        expectOneError("storage:\n  kv:\n    block_cache: lots\n", at: Spot(3, 18, "storage.kv.block_cache"),
                       message: #"expected a size such as 512MiB, 64GiB or a number of bytes (units: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB), got "lots""#)
    }

    @Test("a fractional size")
    func fractionalSize() {
        expectOneError("storage:\n  kv:\n    block_cache: 1.5GiB\n", at: Spot(3, 18, "storage.kv.block_cache"),
                       message: #"expected a size such as 512MiB, 64GiB or a number of bytes, got "1.5GiB"; sizes are whole numbers (write 1536MiB, not 1.5GiB)"#)
    }

    @Test("a negative size")
    func negativeSize() {
        expectOneError("storage:\n  kv:\n    write_buffer: -1\n", at: Spot(3, 19, "storage.kv.write_buffer"),
                       message: "expected a size such as 512MiB, 64GiB or a number of bytes, got -1")
    }

    @Test("a size too large for 64 bits")
    func hugeSize() {
        expectOneError("om:\n  snapshot_max_bytes: 99999999TiB\n", at: Spot(2, 23, "om.snapshot_max_bytes"),
                       message: #"size "99999999TiB" is too large"#)
    }

    @Test("valid sizes in binary, decimal and bare-byte notation")
    func goodSizes() throws {
        let yaml = """
            om:
              snapshot_max_bytes: 1TiB
            storage:
              kv:
                block_cache: 64GB
                write_buffer: 4096
            """
        let loaded = try config(yaml)
        #expect(loaded.om.snapshotMaxBytes == 1 << 40)
        #expect(loaded.storage.kv.blockCache == 64_000_000_000)
        #expect(loaded.storage.kv.writeBuffer == 4096)
    }

    @Test("size units", arguments: [
        ("7B", UInt64(7)), ("2KiB", 2048), ("3MiB", 3 << 20), ("1GiB", 1 << 30), ("512 MiB", 512 << 20),
        ("10KB", 10_000), ("5MB", 5_000_000), ("2GB", 2_000_000_000), ("1TB", 1_000_000_000_000), ("123", 123),
    ])
    func sizeUnits(text: String, bytes: UInt64) {
        #expect(ConfigValueSyntax.parseSize(text) == .value(bytes))
    }

    @Test("duration parsing and formatting")
    func durationSyntax() {
        #expect(ConfigValueSyntax.parseDuration("1.5m") == .value(.seconds(90)))
        #expect(ConfigValueSyntax.parseDuration("0.001s") == .value(.milliseconds(1)))
        #expect(ConfigValueSyntax.parseDuration("5") == .missingUnit)
        #expect(ConfigValueSyntax.parseDuration("") == .invalid)
        #expect(ConfigValueSyntax.parseDuration("99999999999999h") == .tooLarge)
        #expect(ConfigValueSyntax.format(.seconds(7200)) == "2h")
        #expect(ConfigValueSyntax.format(.seconds(90)) == "90s")
        #expect(ConfigValueSyntax.format(.milliseconds(1500)) == "1500ms")
        #expect(ConfigValueSyntax.format(.nanoseconds(1_000_500_000)) == "1.0005s")
        #expect(ConfigValueSyntax.format(.zero) == "0s")
    }
}
