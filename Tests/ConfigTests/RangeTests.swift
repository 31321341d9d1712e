import Testing
@testable import ReconCore

/// One out-of-range case: the document, where the error is and its message.
struct RangeCase: Sendable, CustomTestStringConvertible {
    var yaml: String
    var line: Int
    var column: Int
    var path: String
    var message: String
    var testDescription: String { path + " " + message }
}

@Suite("Out-of-range values")
struct RangeTests {
    static let cases: [RangeCase] = [
        RangeCase(yaml: "server:\n  port: 70000\n", line: 2, column: 9, path: "server.port",
                  message: "must be between 1 and 65535 (or 0 for an ephemeral port), got 70000"),
        RangeCase(yaml: "server:\n  port: -1\n", line: 2, column: 9, path: "server.port",
                  message: "must be between 1 and 65535 (or 0 for an ephemeral port), got -1"),
        RangeCase(yaml: "server:\n  port: 99999999999999999999999\n", line: 2, column: 9, path: "server.port",
                  message: "must be between 1 and 65535 (or 0 for an ephemeral port), got 99999999999999999999999"),
        RangeCase(yaml: "staging:\n  workers: 0\n", line: 2, column: 12, path: "staging.workers",
                  message: "must be between 1 and 64, got 0"),
        RangeCase(yaml: "staging:\n  workers: 65\n", line: 2, column: 12, path: "staging.workers",
                  message: "must be between 1 and 64, got 65"),
        RangeCase(yaml: "staging:\n  max_retries: 101\n", line: 2, column: 16, path: "staging.max_retries",
                  message: "must be between 0 and 100, got 101"),
        RangeCase(yaml: "staging:\n  nice: 20\n", line: 2, column: 9, path: "staging.nice",
                  message: "must be between 0 and 19, got 20"),
        RangeCase(yaml: "staging:\n  nice: -1\n", line: 2, column: 9, path: "staging.nice",
                  message: "must be between 0 and 19, got -1"),
        RangeCase(yaml: "staging:\n  event_buffer: 0\n", line: 2, column: 17, path: "staging.event_buffer",
                  message: "must be between 1 and 10000000, got 0"),
        RangeCase(yaml: "sync:\n  delta_limit: 10000001\n", line: 2, column: 16, path: "sync.delta_limit",
                  message: "must be between 1 and 10000000, got 10000001"),
        RangeCase(yaml: "sync:\n  interval: 50ms\n", line: 2, column: 13, path: "sync.interval",
                  message: "must be at least 100ms, got 50ms"),
        RangeCase(yaml: "storage:\n  kv:\n    max_open_files: 8\n", line: 3, column: 21, path: "storage.kv.max_open_files",
                  message: "must be -1 (unlimited) or between 16 and 1000000, got 8"),
        RangeCase(yaml: "storage:\n  kv:\n    max_open_files: -2\n", line: 3, column: 21, path: "storage.kv.max_open_files",
                  message: "must be -1 (unlimited) or between 16 and 1000000, got -2"),
        RangeCase(yaml: "om:\n  embedded:\n    keys: 0\n", line: 3, column: 11, path: "om.embedded.keys",
                  message: "must be between 1 and 100000000, got 0"),
        RangeCase(yaml: "om:\n  embedded:\n    seed: -1\n", line: 3, column: 11, path: "om.embedded.seed",
                  message: "must be 0 or greater, got -1"),
        RangeCase(yaml: "om:\n  embedded:\n    write_rate: -0.5\n", line: 3, column: 17, path: "om.embedded.write_rate",
                  message: "must be 0 or greater, got -0.5"),
        RangeCase(yaml: "om:\n  request_timeout: 0s\n", line: 2, column: 20, path: "om.request_timeout",
                  message: "must be greater than 0s, got 0s"),
        RangeCase(yaml: "om:\n  snapshot_max_bytes: 0\n", line: 2, column: 23, path: "om.snapshot_max_bytes",
                  message: "must be at least 1B, got 0B"),
        RangeCase(yaml: "staging:\n  backoff: 10s\n  backoff_max: 5s\n", line: 3, column: 16, path: "staging.backoff_max",
                  message: "must be at least backoff (10s), got 5s"),
        // backoff_max left at its default (5m) but backoff above it: reported at backoff.
        RangeCase(yaml: "staging:\n  backoff: 10m\n", line: 2, column: 12, path: "staging.backoff_max",
                  message: "must be at least backoff (10m), got 5m"),
    ]

    @Test("each out-of-range value names the allowed range", arguments: cases)
    func outOfRange(_ testCase: RangeCase) {
        expectOneError(testCase.yaml, at: Spot(testCase.line, testCase.column, testCase.path), message: testCase.message)
    }

    @Test("the bounds themselves are accepted")
    func boundsAccepted() throws {
        let yaml = """
            server:
              port: 0
            sync:
              interval: 100ms
              delta_limit: 10000000
            staging:
              max_retries: 0
              backoff: 1m
              backoff_max: 1m
              workers: 64
              event_buffer: 1
              nice: 19
            storage:
              kv:
                max_open_files: -1
            om:
              embedded:
                keys: 100000000
                seed: 0
                write_rate: 0
            """
        let loaded = try config(yaml)
        #expect(loaded.server.port == 0)
        #expect(loaded.sync.interval == .milliseconds(100))
        #expect(loaded.sync.deltaLimit == 10_000_000)
        #expect(loaded.staging.maxRetries == 0)
        #expect(loaded.staging.backoff == .seconds(60))
        #expect(loaded.staging.backoffMax == .seconds(60))
        #expect(loaded.staging.workers == 64)
        #expect(loaded.staging.eventBuffer == 1)
        #expect(loaded.staging.nice == 19)
        #expect(loaded.storage.kv.maxOpenFiles == -1)
        #expect(loaded.om.embedded.keys == 100_000_000)
        #expect(loaded.om.embedded.seed == 0)
        #expect(loaded.om.embedded.writeRate == 0)
    }

    @Test("underscores, hex and leading zeros in integers")
    func integerSyntax() throws {
        let loaded = try config("sync:\n  delta_limit: 1_000_000\nstaging:\n  workers: 0x10\n  max_retries: 010\n")
        #expect(loaded.sync.deltaLimit == 1_000_000)
        #expect(loaded.staging.workers == 16)
        #expect(loaded.staging.maxRetries == 10)
    }
}
