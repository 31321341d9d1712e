import Testing
@testable import ReconCore

@Suite("Plugin entries")
struct PluginTests {
    @Test("a duplicate name is reported at the second entry")
    func duplicateName() {
        let yaml = """
            plugins:
              - name: a
                path: a.so
              - name: b
                path: b.so
              - name: a
                path: c.so
            """
        expectOneError(yaml, at: Spot(6, 11, "plugins[2].name"),
                       message: "duplicate plugin name 'a'; already used by plugins[0] at line 2")
    }

    @Test("invalid names", arguments: ["Hello", "1abc", "a-b", "\"\"", "_x", String(repeating: "a", count: 65)])
    func invalidName(name: String) {
        let shown = name == "\"\"" ? "" : name
        expectOneError("plugins:\n  - name: \(name)\n    path: x.so\n", at: Spot(2, 11, "plugins[0].name"),
                       message: "expected a name of 1 to 64 lowercase letters, digits or _ starting with a letter ([a-z][a-z0-9_]{0,63}), got \"\(shown)\"")
    }

    @Test("valid names")
    func validNames() throws {
        let long = "a" + String(repeating: "b_9", count: 21)
        #expect(long.count == 64)
        let loaded = try config("plugins:\n  - name: x\n    path: x.so\n  - name: \(long)\n    path: y.so\n")
        #expect(loaded.plugins.map(\.name) == ["x", long])
    }

    @Test("entries keep file order, their line, enabled and defaults")
    func entries() throws {
        let yaml = """
            # plugins
            plugins:
              - name: first
                path: /opt/recon/libfirst.so

              - name: second
                path: lib/libsecond.so
                enabled: false
                config: {}
              - {name: third, path: third.so, config: }
            """
        let loaded = try config(yaml)
        #expect(loaded.plugins == [
            PluginConfig(name: "first", path: "/opt/recon/libfirst.so", enabled: true, configJSON: "{}", line: 3),
            PluginConfig(name: "second", path: "/etc/recon/lib/libsecond.so", enabled: false, configJSON: "{}", line: 6),
            PluginConfig(name: "third", path: "/etc/recon/third.so", enabled: true, configJSON: "{}", line: 10),
        ])
    }

    @Test("an empty or absent plugin list")
    func emptyList() throws {
        #expect(try config("plugins: []\n").plugins.isEmpty)
        #expect(try config("plugins:\n").plugins.isEmpty)
        #expect(try config("logging:\n  level: info\n").plugins.isEmpty)
    }

    @Test("config that is a list")
    func configList() {
        expectOneError("plugins:\n  - name: a\n    path: a.so\n    config: [1, 2]\n", at: Spot(4, 13, "plugins[0].config"),
                       message: "expected a mapping of plugin settings, got a list")
    }

    @Test("config that is a scalar")
    func configScalar() {
        expectOneError("plugins:\n  - name: a\n    path: a.so\n    config: \"x\"\n", at: Spot(4, 13, "plugins[0].config"),
                       message: #"expected a mapping of plugin settings, got "x""#)
    }

    @Test("enabled must be a boolean")
    func enabledNotBool() {
        expectOneError("plugins:\n  - name: a\n    path: a.so\n    enabled: no\n", at: Spot(4, 14, "plugins[0].enabled"),
                       message: #"expected true or false, got "no" (only true and false are booleans here)"#)
    }
}

@Suite("plugins[].config to JSON")
struct PluginConfigJSONTests {
    @Test("every scalar kind, nesting and key order")
    func conversion() throws {
        let yaml = #"""
            plugins:
              - name: p
                path: p.so
                config:
                  greeting: "hello"
                  count: 5
                  quoted: "5"
                  single: '7'
                  ratio: 1.5
                  exp: 1e3
                  flag: true
                  off_flag: FALSE
                  word: yes
                  nothing: null
                  tilde: ~
                  empty:
                  hex: 0x1F
                  big: 123456789012345678901234567890
                  inf: .inf
                  version: 1.2.3
                  date: 2024-01-02
                  list: [1, "two", 3.25, false, [], {}]
                  nested: {zeta: 2, alpha: {deep: [x]}}
                  escapes: "line1\nline2\t\"q\" \\ \u0001 é"
                  block: |
                    a
                    b
                  7: seven
            """#
        let loaded = try config(yaml)
        let json = try #require(loaded.plugins.first?.configJSON)
        let expected = #"{"greeting":"hello","count":5,"quoted":"5","single":"7","ratio":1.5,"exp":1000.0,"#
            + #""flag":true,"off_flag":false,"word":"yes","nothing":null,"tilde":null,"empty":null,"hex":31,"#
            + #""big":123456789012345678901234567890,"inf":".inf","version":"1.2.3","date":"2024-01-02","#
            + #""list":[1,"two",3.25,false,[],{}],"nested":{"zeta":2,"alpha":{"deep":["x"]}},"#
            + #""escapes":"line1\nline2\t\"q\" \\ \u0001 é","block":"a\nb\n","7":"seven"}"#
        #expect(json == expected)
    }

    @Test("the conversion is deterministic")
    func deterministic() throws {
        let yaml = "plugins:\n  - name: p\n    path: p.so\n    config: {b: 1, a: 2, c: {z: 1, y: 2}}\n"
        let first = try config(yaml).plugins[0].configJSON
        let second = try config(yaml).plugins[0].configJSON
        #expect(first == #"{"b":1,"a":2,"c":{"z":1,"y":2}}"#)
        #expect(first == second)
    }

    @Test("a non-scalar key inside config is an error")
    func complexKey() {
        let yaml = """
            plugins:
              - name: p
                path: p.so
                config:
                  ? [a, b]
                  : 1
            """
        expectOneError(yaml, at: Spot(5, 9, "plugins[0].config"), message: "expected a key name, got a list as a key")
    }
}
