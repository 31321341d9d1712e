import Testing
@testable import ReconCore

@Suite("YAML syntax errors")
struct SyntaxErrorTests {
    @Test("a mapping value where none is allowed is reported at libyaml's position")
    func mappingValueNotAllowed() {
        let yaml = """
            sync:
              interval: 5s: x
            """
        expectOneError(yaml, at: Spot(2, 15, ""), containing: ["invalid YAML", "mapping values are not allowed"])
    }

    @Test("a tab used for indentation")
    func tabIndentation() {
        let yaml = "server:\n\tport: 1\n"
        expectOneError(yaml, at: Spot(2, 1, ""), containing: ["invalid YAML", "cannot start any token"])
    }

    @Test("an unclosed flow sequence")
    func unclosedFlowSequence() {
        let yaml = """
            plugins: [a, b
            logging:
              level: info
            """
        let found = errors(yaml)
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.path == "")
        #expect(found.first?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test("a duplicate key is reported at its second occurrence")
    func duplicateKey() {
        let yaml = """
            sync:
              interval: 5s
              delta_limit: 10
              interval: 10s
            """
        expectOneError(yaml, at: Spot(4, 3, ""),
                       message: "duplicate key 'interval' (first at line 2); a key may appear only once in a mapping")
    }

    @Test("a second document")
    func secondDocument() {
        expectOneError("sync:\n  interval: 5s\n---\nsync: {}\n", at: Spot(3, 1, ""),
                       message: "invalid YAML: expected a single document, but found another one (remove the extra '---')")
    }

    @Test("an undefined alias")
    func undefinedAlias() {
        expectOneError("plugins:\n  - name: p\n    path: p.so\n    config:\n      a: *nowhere\n", at: Spot(5, 10, ""),
                       message: "invalid YAML: found undefined alias")
    }

    @Test("a duplicate key with CRLF line endings and in a flow mapping")
    func duplicateKeyVariants() {
        expectOneError("sync:\r\n  interval: 5s\r\n  interval: 6s\r\n", at: Spot(3, 3, ""),
                       message: "duplicate key 'interval' (first at line 2); a key may appear only once in a mapping")
        expectOneError("sync: {interval: 5s, interval: 6s}\n", at: Spot(1, 8, ""),
                       message: "duplicate key 'interval'; a key may appear only once in a mapping")
    }

    @Test("the description is file:line:column: message, with the file name as given")
    func description() throws {
        let found = errors("a: [\n", file: "conf/recon.yaml")
        #expect(found.count == 1)
        let error = try #require(found.first)
        #expect(error.line == 2)
        #expect(error.description == "conf/recon.yaml:\(error.line):\(error.column): \(error.message)")
    }
}
