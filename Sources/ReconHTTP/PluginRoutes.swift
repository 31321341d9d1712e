import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ReconCore

/// Mounts every plugin route under `/api/v1` and forwards requests to the plugin's
/// `handle`, on a read view pinned to the live generation.
struct PluginRoutes {
    let kernel: ReconKernel
    let logger: Logger
    /// Largest request body handed to a plugin.
    static let maxBodyBytes = 4 * 1024 * 1024

    func register(on router: Router<BasicRequestContext>) {
        for mounted in kernel.pluginRoutes {
            let route = mounted.route
            let names = route.path.split(separator: "/").compactMap { segment -> String? in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
            }
            let hbPath = route.path.split(separator: "/").map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
            }.joined(separator: "/")
            router.on(RouterPath(APIServer.apiPrefix + "/" + hbPath), method: HTTPRequest.Method(rawValue: route.method)!) { request, context in
                let body = try await request.body.collect(upTo: Self.maxBodyBytes)
                let pathParams = names.map { ($0, context.parameters.get($0) ?? "") }
                let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
                let answer = try await kernel.query(
                    mounted,
                    request: PluginHTTPRequest(
                        method: route.method, path: request.uri.path, pathParams: pathParams, queryParams: query,
                        body: Array(buffer: body)))
                var headers = HTTPFields()
                for (name, value) in answer.headers {
                    if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
                }
                if headers[.contentType] == nil { headers[.contentType] = "application/json" }
                return Response(
                    status: HTTPResponse.Status(code: answer.status), headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
        }
    }
}
