import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// A tiny HTTP client for tests over loopback.
struct HTTPTestClient {
    let port: Int

    /// GET `path` with an optional bearer token; returns status and body text.
    func get(_ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        try await getOrPost(path, method: "GET", token: token)
    }

    /// A request with `method` (GET or POST, empty body); returns status and body text.
    func getOrPost(_ path: String, method: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method == "POST" ? .POST : .GET
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// GETs `path` every 25 ms until `done` accepts the body and returns it; records an
    /// issue (and returns the last body) after `timeout`.
    func poll(_ path: String, timeout: Duration = .seconds(120), _ done: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            if let answer = try? await get(path) {
                last = answer.body
                if done(last) { return last }
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("\(path) never matched; last answer: \(last)")
        return last
    }
}
