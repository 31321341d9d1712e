import CReconTask

/// An HTTP route a plugin answers, under `/api/v1`. A `{name}` path segment matches one
/// segment and arrives as a path parameter: `.get("/containers/{id}/keys")`.
public struct Route: Sendable, Hashable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path under `/api/v1`, e.g. `/examples/swift_counter`.
    public var path: String
    /// Whether the route needs an admin token (when tokens are configured).
    public var admin: Bool

    /// Creates a route.
    public init(method: String, path: String, admin: Bool = false) {
        self.method = method
        self.path = path
        self.admin = admin
    }

    /// A GET route.
    public static func get(_ path: String, admin: Bool = false) -> Route {
        Route(method: "GET", path: path, admin: admin)
    }
    /// A POST route.
    public static func post(_ path: String, admin: Bool = false) -> Route {
        Route(method: "POST", path: path, admin: admin)
    }

    /// The `recon_route_flags` bits.
    var flags: UInt32 { admin ? RECON_ROUTE_ADMIN.rawValue : 0 }
}

/// A borrowed HTTP request for one of the plugin's routes. Valid only during the call.
public struct Request {
    /// The raw request, for code that reads the C ABI directly.
    public let raw: UnsafePointer<recon_request>
    /// The route that matched, as declared in ``ReconTask/routes``.
    public let route: Route

    init(_ raw: UnsafePointer<recon_request>, route: Route) {
        self.raw = raw
        self.route = route
    }

    /// The index of ``route`` in ``ReconTask/routes``.
    public var routeIndex: Int { Int(raw.pointee.route_index) }
    /// The request method.
    public var method: BorrowedString { BorrowedString(raw.pointee.method) }
    /// The full request path, e.g. `/api/v1/containers/7/keys`.
    public var path: BorrowedString { BorrowedString(raw.pointee.path) }
    /// The `{name}` segments of the route, matched.
    public var pathParameters: BorrowedList<StringPair> {
        BorrowedList(raw.pointee.path_params, raw.pointee.path_param_count)
    }
    /// The query parameters in request order; a name may repeat.
    public var queryParameters: BorrowedList<StringPair> {
        BorrowedList(raw.pointee.query_params, raw.pointee.query_param_count)
    }
    /// The request body.
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(raw.pointee.body) }

    /// A copy of the path parameter `name`, or `nil`.
    public func pathParameter(_ name: String) -> String? { pathParameters.value(for: name)?.string }
    /// A copy of the first query parameter `name`, or `nil`.
    public func query(_ name: String) -> String? { queryParameters.value(for: name)?.string }
}

/// The host's writer for one HTTP response. Valid only during the call. Set the status
/// and headers before writing the body; the status defaults to 200.
public struct Response {
    /// The raw `recon_response *`.
    public let raw: OpaquePointer?
    let functions: HostFunctions

    init(_ raw: OpaquePointer?, _ functions: HostFunctions) {
        self.raw = raw
        self.functions = functions
    }

    /// Sets the HTTP status code.
    public func status(_ code: Int) {
        functions.responseStatus(raw, UInt32(clamping: code))
    }

    /// Adds a header.
    public func header(_ name: String, _ value: String) {
        name.withReconStr { n in value.withReconStr { v in functions.responseHeader(raw, n, v) } }
    }

    /// Appends text to the body.
    public func write(_ text: String) {
        text.withReconBytes { functions.responseWrite(raw, $0.recon) }
    }

    /// Appends bytes to the body.
    public func write(bytes: some ReconBytesConvertible) {
        bytes.withReconBytes { functions.responseWrite(raw, $0.recon) }
    }

    /// Answers with a JSON document: sets the status, `Content-Type: application/json`,
    /// and writes `value` serialized.
    public func json(_ value: JSONValue, status code: Int = 200) {
        status(code)
        header("Content-Type", "application/json")
        write(bytes: value.serializedBytes)
    }
}
