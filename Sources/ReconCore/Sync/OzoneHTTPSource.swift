import AsyncHTTPClient
import Foundation
import NIOCore
import OzoneFormat
import Synchronization

/// An ``OMSource`` over HTTP: `GET <url>/dbCheckpoint` (a plain tar, streamed) and
/// `GET <url>/dbUpdates?sequenceNumber=N&limitCount=M` (a serialized
/// `DBUpdatesResponse`; HTTP 410 means the sequence number is gone from the WAL).
///
/// The request timeout bounds connecting, waiting for the response head, and each
/// idle gap while reading a body — not a whole checkpoint download, which may take
/// long. Call ``shutdown()`` once done (the source owns its HTTP client unless one
/// was passed in); a source dropped without it shuts its client down in the background.
public final class OzoneHTTPSource: OMSource {
    /// The OM's base URL, without a trailing slash.
    public let baseURL: String
    /// Bound on connecting, on the response head and on each idle read.
    public let requestTimeout: Duration
    /// Largest `/dbUpdates` body accepted (Ozone caps a response near 1 GiB of batches).
    public let maxUpdatesResponseBytes: Int

    private let client: HTTPClient
    private let ownsClient: Bool
    private let shutDown = Mutex(false)

    /// A source for the OM at `baseURL` (`http://` or `https://`).
    /// - Parameters:
    ///   - httpClient: A client to share; by default the source creates (and owns) one
    ///     whose connect and read timeouts are `requestTimeout`.
    public init(
        baseURL: String, requestTimeout: Duration, maxUpdatesResponseBytes: Int = 2 << 30,
        httpClient: HTTPClient? = nil
    ) throws {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url)?.host != nil else {
            throw OMSourceError.transport("OM URL '\(baseURL)' is not an http(s) URL")
        }
        self.baseURL = url
        self.requestTimeout = requestTimeout
        self.maxUpdatesResponseBytes = maxUpdatesResponseBytes
        if let httpClient {
            client = httpClient
            ownsClient = false
        } else {
            let timeout = TimeAmount(requestTimeout)
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: timeout, read: timeout)
            configuration.decompression = .disabled
            client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            ownsClient = true
        }
    }

    /// A source for `config.url` with `config.requestTimeout`.
    public convenience init(config: OMSourceConfig, httpClient: HTTPClient? = nil) throws {
        guard let url = config.url else { throw OMSourceError.transport("om.url is not set") }
        try self.init(baseURL: url, requestTimeout: config.requestTimeout, httpClient: httpClient)
    }

    deinit {
        if ownsClient && !shutDown.withLock({ $0 }) {
            client.shutdown { _ in }
        }
    }

    /// Shuts down the HTTP client the source created (no-op for a shared one). Idempotent.
    public func shutdown() async throws {
        guard ownsClient, shutDown.withLock({ s in defer { s = true }; return !s }) else { return }
        try await client.shutdown()
    }

    public func downloadCheckpoint(into sink: @Sendable (ArraySlice<UInt8>) async throws -> Void) async throws {
        let response = try await get("\(baseURL)/dbCheckpoint", what: "checkpoint")
        do {
            for try await buffer in response.body {
                try await sink(ArraySlice(buffer.readableBytesView))
            }
        } catch let error as HTTPClientError {
            throw OMSourceError.transport("checkpoint download from \(baseURL) failed: \(error)")
        }
    }

    public func updates(since sequence: UInt64, limit: Int) async throws -> OMDeltaUpdates {
        let response = try await get("\(baseURL)/dbUpdates?sequenceNumber=\(sequence)&limitCount=\(limit)", what: "updates")
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxUpdatesResponseBytes)
        } catch let error as NIOTooManyBytesError {
            throw OMSourceError.badResponse("dbUpdates body is larger than \(error.maxBytes.map(String.init) ?? "?") bytes")
        } catch {
            throw OMSourceError.transport("reading dbUpdates from \(baseURL) failed: \(error)")
        }
        return try DBUpdatesDecoding.decode(Data(body.readableBytesView))
    }

    /// Sends a GET; returns the response for 2xx, throws otherwise.
    private func get(_ url: String, what: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: TimeAmount(requestTimeout))
        } catch {
            throw OMSourceError.transport("GET \(url) failed: \(error)")
        }
        let status = response.status.code
        if (200..<300).contains(status) { return response }
        let excerpt = await Self.excerpt(response)
        if status == 410 {
            throw OMSourceError.sequenceNumberNotFound(excerpt.isEmpty ? "HTTP 410 from \(url)" : excerpt)
        }
        throw OMSourceError.transport("GET \(url) answered HTTP \(status)\(excerpt.isEmpty ? "" : ": " + excerpt)")
    }

    /// The first 512 bytes of an error body, as one line of text.
    private static func excerpt(_ response: HTTPClientResponse) async -> String {
        var collected: [UInt8] = []
        do {
            for try await buffer in response.body {
                collected.append(contentsOf: buffer.readableBytesView.prefix(512 - collected.count))
                if collected.count >= 512 { break }
            }
        } catch {
            // The status says enough.
        }
        return String(decoding: collected, as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
