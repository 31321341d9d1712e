import Testing
@testable import ReconCore

@Suite("Required fields and cross-field rules")
struct RequiredFieldTests {
    @Test("a plugin without a name")
    func pluginWithoutName() {
        expectOneError("plugins:\n  - path: a.so\n", at: Spot(2, 5, "plugins[0].name"), message: "missing required key 'name'")
    }

    @Test("a plugin without a path")
    func pluginWithoutPath() {
        expectOneError("plugins:\n  - name: a\n    enabled: true\n", at: Spot(2, 5, "plugins[0].path"),
                       message: "missing required key 'path' (the plugin's shared library)")
    }

    @Test("a plugin with neither gets both errors")
    func pluginWithNeither() {
        let found = errors("plugins:\n  - enabled: false\n")
        #expect(found.map(\.spot) == [Spot(2, 5, "plugins[0].name"), Spot(2, 5, "plugins[0].path")])
    }

    @Test("a plugin with an empty path")
    func pluginWithEmptyPath() {
        expectOneError("plugins:\n  - name: a\n    path: \"\"\n", at: Spot(3, 11, "plugins[0].path"),
                       message: "expected the path of the plugin's shared library, got an empty string")
    }

    @Test("a token entry without token and role")
    func tokenWithoutTokenAndRole() {
        let yaml = """
            server:
              tokens:
                - name: ops
            """
        let found = errors(yaml)
        #expect(found.map(\.spot) == [Spot(3, 7, "server.tokens[0].token"), Spot(3, 7, "server.tokens[0].role")])
        #expect(found.map(\.message) == ["missing required key 'token'", "missing required key 'role' (admin or read-only)"])
    }

    @Test("a short token is reported without echoing it")
    func shortToken() {
        let yaml = """
            server:
              tokens:
                - token: short
                  role: admin
            """
        expectOneError(yaml, at: Spot(3, 14, "server.tokens[0].token"),
                       message: "expected a token of at least 8 characters, got 5 characters")
        #expect(!errors(yaml).map(\.description).joined().contains("short"))
    }

    @Test("the same token twice")
    func duplicateToken() {
        let yaml = """
            server:
              tokens:
                - token: abcdefgh
                  role: admin
                - token: abcdefgh
                  role: read-only
            """
        expectOneError(yaml, at: Spot(5, 14, "server.tokens[1].token"),
                       message: "the same token is already listed at server.tokens[0]")
    }

    @Test("valid tokens")
    func goodTokens() throws {
        let yaml = """
            server:
              tokens:
                - token: "s3cret-admin"
                  role: admin
                  name: ops
                - token: 12345678
                  role: read-only
            """
        let loaded = try config(yaml)
        #expect(loaded.server.tokens == [
            APIToken(token: "s3cret-admin", role: .admin, name: "ops"),
            APIToken(token: "12345678", role: .readOnly, name: nil),
        ])
    }

    @Test("ozone-http without url")
    func ozoneHTTPWithoutURL() {
        expectOneError("om:\n  source: ozone-http\n", at: Spot(2, 11, "om.url"),
                       message: "missing required key 'url': source ozone-http needs the OM's HTTP address, such as url: http://om-host:9874")
    }

    @Test("url with the embedded source (explicit or default)")
    func urlWithEmbedded() {
        let message = "url is only used with source: ozone-http, but source is embedded; remove url or set source: ozone-http"
        expectOneError("om:\n  url: http://om:9874\n", at: Spot(2, 8, "om.url"), message: message)
        expectOneError("om:\n  source: embedded\n  url: http://om:9874\n", at: Spot(3, 8, "om.url"), message: message)
    }

    @Test("a url that is not http or https")
    func badURL() {
        expectOneError("om:\n  source: ozone-http\n  url: ftp://om:9874\n", at: Spot(3, 8, "om.url"),
                       message: #"expected an http:// or https:// URL such as http://om-host:9874, got "ftp://om:9874""#)
        expectOneError("om:\n  source: ozone-http\n  url: om-host:9874\n", at: Spot(3, 8, "om.url"),
                       containing: ["expected an http:// or https:// URL"])
    }

    @Test("ozone-http with a url")
    func ozoneHTTP() throws {
        let loaded = try config("om:\n  source: ozone-http\n  url: https://om.example.com:9875\n")
        #expect(loaded.om.source == .ozoneHTTP)
        #expect(loaded.om.url == "https://om.example.com:9875")
        #expect(try config("").om.url == nil)
    }
}
