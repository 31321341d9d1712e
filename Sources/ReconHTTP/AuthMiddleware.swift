import Hummingbird
import ReconCore

/// Bearer-token authentication with two roles. With no tokens configured every
/// request passes. Otherwise `/healthz`, `/readyz` and the console page stay open, a missing or
/// unknown token is 401, and a read-only token on an admin-only path is 403.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [String: APIRole]
    let policy: AdminPolicy
    /// Plugin routes that declared RECON_ROUTE_ADMIN, as `METHOD path-pattern` matchers.
    let adminRoutes: [RoutePattern]

    init(tokens: [APIToken], policy: AdminPolicy, adminRoutes: [RoutePattern]) {
        var map: [String: APIRole] = [:]
        for token in tokens { map[token.token] = token.role }
        self.tokens = map
        self.policy = policy
        self.adminRoutes = adminRoutes
    }

    /// Paths that never need a token: health probes and the console page (which holds
    /// no data; its API calls carry the token).
    static func isOpen(_ path: String) -> Bool {
        switch path {
        case "/healthz", "/readyz", "/", "/console": true
        default: false
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if tokens.isEmpty || Self.isOpen(path) {
            return try await next(request, context)
        }
        guard let role = bearerToken(request).flatMap({ tokens[$0] }) else {
            var response = JSONResponse.error(.unauthorized, "a valid API token is required: send 'Authorization: Bearer <token>'")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"recond\""
            return response
        }
        if role == .readOnly, requiresAdmin(method: request.method.rawValue, path: path) {
            return JSONResponse.error(.forbidden, "this endpoint needs an admin token; the token presented is read-only")
        }
        return try await next(request, context)
    }

    private func requiresAdmin(method: String, path: String) -> Bool {
        guard path.hasPrefix(APIServer.apiPrefix + "/") else { return false }
        let apiPath = String(path.dropFirst(APIServer.apiPrefix.count))
        return policy.isAdminOnly(apiPath: apiPath)
            || adminRoutes.contains { $0.matches(method: method, apiPath: apiPath) }
    }

    private func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

/// A plugin route's method and path pattern (`/containers/{id}/keys`).
struct RoutePattern: Sendable {
    let method: String
    let segments: [Substring]

    init(method: String, path: String) {
        self.method = method
        self.segments = path.split(separator: "/")
    }

    func matches(method: String, apiPath: String) -> Bool {
        guard method == self.method else { return false }
        let parts = apiPath.split(separator: "/")
        guard parts.count == segments.count else { return false }
        return zip(segments, parts).allSatisfy { pattern, part in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == part
        }
    }
}
