/// The HTTP server section (`server:`): where the REST API, console and metrics listen, and who may call them.
public struct ServerConfig: Sendable, Equatable {
    /// Address to bind: an IP address (`127.0.0.1`, `0.0.0.0`, `::1`) or a hostname. Default `127.0.0.1`.
    public var address: String
    /// TCP port, 1...65535, or 0 for an ephemeral port (tests). Default 9888.
    public var port: Int
    /// Accepted bearer tokens. Empty (the default) means no authentication.
    public var tokens: [APIToken]

    /// Creates a server section; every argument defaults to the documented default.
    public init(address: String = "127.0.0.1", port: Int = 9888, tokens: [APIToken] = []) {
        self.address = address
        self.port = port
        self.tokens = tokens
    }

    /// The built-in defaults: 127.0.0.1:9888, no tokens.
    public static let defaults = ServerConfig()
}

/// One accepted API bearer token (`server.tokens[]`).
public struct APIToken: Sendable, Equatable {
    /// The secret the client sends as `Authorization: Bearer <token>`; at least 8 characters.
    public var token: String
    /// What the token may do.
    public var role: APIRole
    /// Optional label used in logs instead of the secret.
    public var name: String?

    /// Creates a token entry.
    public init(token: String, role: APIRole, name: String? = nil) {
        self.token = token
        self.role = role
        self.name = name
    }
}

/// The permission level of an ``APIToken``.
public enum APIRole: String, Sendable, Equatable, CaseIterable {
    /// Everything, including admin endpoints (`admin` in YAML).
    case admin = "admin"
    /// Read endpoints only (`read-only` in YAML).
    case readOnly = "read-only"
}
