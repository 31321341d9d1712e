import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer: status, body and how long it took from sending to the last body byte.
struct HTTPAnswer: Sendable {
    /// The HTTP status code.
    var status: Int
    /// The body.
    var body: [UInt8]
    /// Send to last byte.
    var latency: Duration
}

/// The bench's HTTP client over loopback (one shared connection pool).
struct BenchHTTP: Sendable {
    /// `http://127.0.0.1:PORT`.
    let base: String
    private let client: HTTPClient

    /// A client for the server on `port` of this host.
    init(port: Int, client: HTTPClient = .shared) {
        base = "http://127.0.0.1:\(port)"
        self.client = client
    }

    /// Sends `method` to `path` (with its query) and collects the answer.
    func send(_ path: String, method: HTTPMethod = .GET, timeout: Duration = .seconds(30)) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
        let body = try await response.body.collect(upTo: 64 << 20)
        return HTTPAnswer(status: Int(response.status.code), body: Array(buffer: body), latency: start.duration(to: clock.now))
    }

    /// GETs `path` and decodes a 200 answer's JSON body as `T`.
    func json<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        let answer = try await send(path)
        guard answer.status == 200 else {
            throw BenchError("GET \(path) answered \(answer.status): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: Data(answer.body))
    }
}
