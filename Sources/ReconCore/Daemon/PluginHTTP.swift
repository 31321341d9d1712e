/// A plugin route mounted under `/api/v1`.
public struct MountedPluginRoute: Sendable {
    /// The plugin that answers it.
    public let plugin: String
    /// Index of the route in the plugin's descriptor.
    public let index: Int
    /// The route.
    public let route: PluginRoute
}

/// A request for a plugin route, as the HTTP layer hands it to the kernel.
public struct PluginHTTPRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// Full request path.
    public var path: String
    /// Values of the route's `{name}` segments.
    public var pathParams: [(String, String)]
    /// Query parameters in request order (names may repeat).
    public var queryParams: [(String, String)]
    /// Request body.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, pathParams: [(String, String)], queryParams: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.pathParams = pathParams
        self.queryParams = queryParams
        self.body = body
    }
}

/// A plugin's answer.
public struct PluginHTTPResponse: Sendable {
    /// HTTP status.
    public var status: Int
    /// Headers in the order written.
    public var headers: [(String, String)]
    /// Body bytes.
    public var body: [UInt8]
}

/// What `/readyz` reports.
public struct Readiness: Sendable, Codable {
    /// Whether the API answers from a whole generation.
    public var ready: Bool
    /// The live generation's id, when there is one.
    public var generation: String?
    /// Each plugin's run state.
    public var plugins: [String: PluginRunState]
}
