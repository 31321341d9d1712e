import Testing
@testable import ReconCore

/// One bad enumeration value: the document, where the error is and its message.
struct EnumCase: Sendable, CustomTestStringConvertible {
    var yaml: String
    var line: Int
    var column: Int
    var path: String
    var message: String
    var testDescription: String { path }
}

@Suite("Enumerated values")
struct EnumTests {
    static let cases: [EnumCase] = [
        EnumCase(yaml: "storage:\n  kv:\n    compression: brotli\n", line: 3, column: 18, path: "storage.kv.compression",
                 message: #"expected one of: none, snappy, lz4, zstd, got "brotli""#),
        EnumCase(yaml: "storage:\n  kv:\n    backend: leveldb\n", line: 3, column: 14, path: "storage.kv.backend",
                 message: #"expected one of: rocksdb, got "leveldb""#),
        EnumCase(yaml: "storage:\n  sql:\n    backend: mysql\n", line: 3, column: 14, path: "storage.sql.backend",
                 message: #"expected one of: sqlite, postgres, got "mysql""#),
        EnumCase(yaml: "storage:\n  sql:\n    synchronous: off\n", line: 3, column: 18, path: "storage.sql.synchronous",
                 message: #"expected one of: full, normal, got "off""#),
        EnumCase(yaml: "logging:\n  level: verbose\n", line: 2, column: 10, path: "logging.level",
                 message: #"expected one of: trace, debug, info, notice, warning, error, critical, got "verbose""#),
        EnumCase(yaml: "logging:\n  level: 3\n", line: 2, column: 10, path: "logging.level",
                 message: "expected one of: trace, debug, info, notice, warning, error, critical, got 3"),
        EnumCase(yaml: "logging:\n  format: xml\n", line: 2, column: 11, path: "logging.format",
                 message: #"expected one of: text, json, got "xml""#),
        EnumCase(yaml: "om:\n  source: ozone\n", line: 2, column: 11, path: "om.source",
                 message: #"expected one of: embedded, ozone-http, got "ozone""#),
        EnumCase(yaml: "server:\n  tokens:\n    - token: abcdefgh\n      role: superuser\n", line: 4, column: 13,
                 path: "server.tokens[0].role", message: #"expected one of: admin, read-only, got "superuser""#),
    ]

    @Test("each bad value lists the valid ones", arguments: cases)
    func badValue(_ testCase: EnumCase) {
        expectOneError(testCase.yaml, at: Spot(testCase.line, testCase.column, testCase.path), message: testCase.message)
    }

    @Test("every valid value is accepted")
    func goodValues() throws {
        let yaml = """
            storage:
              kv:
                backend: rocksdb
                compression: none
              sql:
                backend: sqlite
                synchronous: normal
            logging:
              level: warning
              format: json
            """
        let loaded = try config(yaml)
        #expect(loaded.storage.kv.compression == .none)
        #expect(loaded.storage.kv.backend == .rocksdb)
        #expect(loaded.storage.sql.backend == .sqlite)
        #expect(loaded.storage.sql.synchronous == .normal)
        #expect(loaded.logging.level == .warning)
        #expect(loaded.logging.format == .json)
        for compression in ["snappy", "zstd", "lz4"] {
            let parsed = try config("storage:\n  kv:\n    compression: \(compression)\n")
            #expect(parsed.storage.kv.compression.rawValue == compression)
        }
    }
}
