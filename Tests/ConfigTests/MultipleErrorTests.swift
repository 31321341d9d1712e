import Testing
@testable import ReconCore

@Suite("All errors in one pass")
struct MultipleErrorTests {
    @Test("every section's errors are collected and sorted by line")
    func collectsEverything() throws {
        let yaml = """
            logging:
              level: loud
            server:
              port: 70000
              colour: blue
            sync:
              interval: 5
            plugins:
              - name: Bad
                path: a.so
              - path: b.so
            storage:
              sql:
                backend: postgres
            """
        let thrown: ConfigErrors
        do {
            _ = try ReconConfig.parse(yaml: yaml, file: "recon.yaml", baseDirectory: testBase)
            Issue.record("expected errors")
            return
        } catch {
            thrown = error
        }
        #expect(thrown.errors.map(\.spot) == [
            Spot(2, 10, "logging.level"),
            Spot(4, 9, "server.port"),
            Spot(5, 3, "server.colour"),
            Spot(7, 13, "sync.interval"),
            Spot(9, 11, "plugins[0].name"),
            Spot(11, 5, "plugins[1].name"),
            Spot(14, 14, "storage.sql.backend"),
        ])
        #expect(thrown.errors.allSatisfy { $0.file == "recon.yaml" })
        let lines = thrown.description.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines.first == #"recon.yaml:2:10: logging.level: expected one of: trace, debug, info, notice, warning, error, critical, got "loud""#)
        #expect(lines.last == "recon.yaml:14:14: storage.sql.backend: the PostgreSQL SQL backend is not available in this build yet; use backend: sqlite")
        #expect(thrown.errorDescription == thrown.description)
    }

    @Test("two errors on one line are ordered by column")
    func sameLineByColumn() {
        let found = errors("plugins:\n  - {name: A, path: \"\", colour: red}\n")
        #expect(found.map(\.spot) == [
            Spot(2, 12, "plugins[0].name"), Spot(2, 21, "plugins[0].path"), Spot(2, 25, "plugins[0].colour"),
        ])
    }

    @Test("ConfigErrors sorts by line then column, stably")
    func sorting() {
        let make = { (line: Int, column: Int, path: String) in
            ConfigError(file: "f", line: line, column: column, path: path, message: "m")
        }
        let sorted = ConfigErrors(errors: [make(3, 1, "c"), make(1, 5, "b"), make(1, 2, "a"), make(3, 1, "d")])
        #expect(sorted.errors.map(\.path) == ["a", "b", "c", "d"])
    }

    @Test("descriptions without a path or a position")
    func descriptionShapes() {
        #expect(ConfigError(file: "c.yaml", line: 3, column: 1, path: "", message: "bad").description == "c.yaml:3:1: bad")
        #expect(ConfigError(file: "c.yaml", line: 0, column: 0, path: "", message: "gone").description == "c.yaml: gone")
    }
}
