import Testing
@testable import ReconCore

@Suite("Wrong types")
struct TypeErrorTests {
    @Test("a scalar where a mapping is expected")
    func scalarForMapping() {
        expectOneError("sync: fast\n", at: Spot(1, 7, "sync"),
                       message: #"expected a mapping with keys interval, delta_limit, initial_delay, got "fast""#)
    }

    @Test("a list where a mapping is expected")
    func listForMapping() {
        let yaml = """
            server:
              - port: 1
            """
        expectOneError(yaml, at: Spot(2, 3, "server"),
                       message: "expected a mapping with keys address, port, tokens, got a list")
    }

    @Test("a mapping where a list is expected")
    func mappingForList() {
        let yaml = """
            plugins:
              name: x
            """
        expectOneError(yaml, at: Spot(2, 3, "plugins"),
                       message: "expected a list of plugins (mappings with name, path, enabled and config), got a mapping")
    }

    @Test("a string where a list is expected")
    func stringForList() {
        let yaml = """
            server:
              tokens: abc
            """
        expectOneError(yaml, at: Spot(2, 11, "server.tokens"),
                       message: #"expected a list of tokens (mappings with token, role and name), got "abc""#)
    }

    @Test("a scalar where a list item must be a mapping")
    func scalarListItem() {
        let yaml = """
            plugins:
              - hello_c
            """
        expectOneError(yaml, at: Spot(2, 5, "plugins[0]"),
                       message: #"expected a mapping with keys name, path, enabled, config, got "hello_c""#)
    }

    @Test("a string where an integer is expected")
    func stringForInt() {
        let yaml = """
            server:
              port: high
            """
        expectOneError(yaml, at: Spot(2, 9, "server.port"), message: #"expected an integer, got "high""#)
    }

    @Test("a list where an integer is expected")
    func listForInt() {
        let yaml = """
            server:
              port: [1, 2]
            """
        expectOneError(yaml, at: Spot(2, 9, "server.port"), message: "expected an integer, got a list")
    }

    @Test("a quoted number where an integer is expected")
    func quotedInt() {
        let yaml = """
            server:
              port: "9888"
            """
        expectOneError(yaml, at: Spot(2, 9, "server.port"),
                       message: #"expected an integer, got "9888" (a quoted string; remove the quotes)"#)
    }

    @Test("a decimal where an integer is expected")
    func decimalForInt() {
        let yaml = """
            staging:
              workers: 1.5
            """
        expectOneError(yaml, at: Spot(2, 12, "staging.workers"), message: "expected an integer, got 1.5")
    }

    @Test("an empty value is reported at its key")
    func emptyValue() {
        let yaml = """
            server:
              port:
              address: localhost
            """
        expectOneError(yaml, at: Spot(2, 3, "server.port"), message: "expected an integer, got an empty value")
    }

    @Test("a mapping where a string is expected")
    func mappingForString() {
        expectOneError("data_dir: {a: 1}\n", at: Spot(1, 11, "data_dir"), message: "expected a string, got a mapping")
    }

    @Test("a boolean where a string is expected")
    func boolForString() {
        let yaml = """
            server:
              address: true
            """
        expectOneError(yaml, at: Spot(2, 12, "server.address"),
                       message: "expected a string, got true (quote it to use it as text)")
    }

    @Test("yes/no are not booleans")
    func yesIsNotBool() {
        let yaml = """
            staging:
              enabled: yes
            """
        expectOneError(yaml, at: Spot(2, 12, "staging.enabled"),
                       message: #"expected true or false, got "yes" (only true and false are booleans here)"#)
    }

    @Test("a number where a boolean is expected")
    func numberForBool() {
        let yaml = """
            staging:
              enabled: 1
            """
        expectOneError(yaml, at: Spot(2, 12, "staging.enabled"), message: "expected true or false, got 1")
    }

    @Test("a string where a number is expected")
    func stringForNumber() {
        let yaml = """
            om:
              embedded:
                write_rate: fast
            """
        expectOneError(yaml, at: Spot(3, 17, "om.embedded.write_rate"), message: #"expected a number, got "fast""#)
    }

    @Test("a list at the top level")
    func topLevelList() {
        expectOneError("- a\n- b\n", at: Spot(1, 1, ""),
                       message: "expected a mapping of sections (server, data_dir, om, sync, staging, storage, plugins, logging) at the top level, got a list")
    }

    @Test("a scalar at the top level")
    func topLevelScalar() {
        expectOneError("\n\nhello\n", at: Spot(3, 1, ""), containing: [#"at the top level, got "hello""#])
    }

    @Test("an invalid bind address")
    func badAddress() {
        let yaml = """
            server:
              address: not a host
            """
        expectOneError(yaml, at: Spot(2, 12, "server.address"),
                       message: #"expected an IP address or hostname, got "not a host""#)
    }

    @Test("valid bind addresses", arguments: ["127.0.0.1", "0.0.0.0", "::1", "'[::]'", "localhost", "recon-1.example.com"])
    func goodAddress(address: String) throws {
        let loaded = try config("server:\n  address: \(address)\n")
        #expect(loaded.server.address == address.replacingOccurrences(of: "'", with: ""))
    }

    @Test("invalid bind addresses", arguments: ["300.1.1.1", "-host", "a..b", "1.2.3", "fe80:::1"])
    func invalidAddress(address: String) {
        expectOneError("server:\n  address: \(address)\n", at: Spot(2, 12, "server.address"),
                       containing: ["expected an IP address or hostname"])
    }
}
