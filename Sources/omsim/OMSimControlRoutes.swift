import Foundation
import Hummingbird
import OMSimulator

/// The control endpoints of `omsim serve`, for benchmark and test harnesses:
///
/// - `GET /status` → 200 JSON ``OMSimStatus``: the DB's latest sequence number, the
///   operations applied while serving and the current write rate.
/// - `PUT /workload?opsPerSecond=R` → 200 JSON ``OMSimStatus`` once the workload runs at
///   `R` operations per second (0 stops writing; either way, operations still held are
///   published at once); a missing, malformed or negative `R` → 400.
/// - `POST /workload/held?operations=N` → 202 JSON ``OMSimStatus``: starts writing `N`
///   operations held from readers (deltas and the latest sequence stop before them;
///   `/status` shows the progress); `N` not a positive integer → 400; not idle → 409.
/// - `PUT /workload/held?opsPerSecond=R` → 200 JSON ``OMSimStatus``: starts publishing the
///   held operations in order at `R` per second (the driver is idle again once all are
///   published); `R` not positive → 400; not idle, or nothing held → 409.
struct OMSimControlRoutes: Sendable {
    let om: SimulatedOM
    let driver: WorkloadDriver

    func register(on router: Router<BasicRequestContext>) {
        router.get("status") { _, _ in try status() }
        router.put("workload") { request, _ in
            guard let rate = rate(request, allowZero: true) else {
                return OMSimText.badRequest(request, "opsPerSecond", must: "a number >= 0")
            }
            await driver.setRate(rate)
            return try status()
        }
        router.post("workload/held") { request, _ in
            guard let raw = request.uri.queryParameters["operations"], let count = Int(String(raw)), count > 0 else {
                return OMSimText.badRequest(request, "operations", must: "a positive integer")
            }
            do {
                try driver.hold(count)
            } catch {
                return OMSimText.response(.conflict, "\(error)")
            }
            return try status(.accepted)
        }
        router.put("workload/held") { request, _ in
            guard let rate = rate(request, allowZero: false) else {
                return OMSimText.badRequest(request, "opsPerSecond", must: "a positive number")
            }
            do {
                try driver.publish(rate: rate)
            } catch {
                return OMSimText.response(.conflict, "\(error)")
            }
            return try status()
        }
    }

    /// The `opsPerSecond` parameter: nil when missing, malformed, negative (or zero when
    /// not allowed).
    private func rate(_ request: Request, allowZero: Bool) -> Double? {
        guard let raw = request.uri.queryParameters["opsPerSecond"], let rate = Double(String(raw)), rate.isFinite else {
            return nil
        }
        return rate > 0 || (allowZero && rate == 0) ? rate : nil
    }

    private func status(_ code: HTTPResponse.Status = .ok) throws -> Response {
        let status = OMSimStatus(
            latestSequenceNumber: try om.latestSequenceNumber, operations: driver.operations,
            opsPerSecond: driver.rate, mode: driver.mode.rawValue, heldOperations: om.heldOperations,
            unixMillis: Int64(Date().timeIntervalSince1970 * 1000))
        let body = try JSONEncoder().encode(status)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: code, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// What `GET /status` answers.
struct OMSimStatus: Codable, Sendable {
    /// The latest sequence number readers see (held operations left out).
    var latestSequenceNumber: UInt64
    /// Workload operations made visible since `serve` started (applied live or published).
    var operations: Int
    /// The rate being applied or published (operations per second; 0: none).
    var opsPerSecond: Double
    /// `idle`, `live`, `holding` or `publishing`.
    var mode: String
    /// Operations written but not yet published.
    var heldOperations: Int
    /// When the answer was made, milliseconds since the Unix epoch.
    var unixMillis: Int64
}

/// Plain-text answers of omsim's endpoints.
enum OMSimText {
    /// The 400 answer for a missing or malformed rate parameter `name`.
    static func badRequest(_ request: Request, _ name: String, must requirement: String) -> Response {
        let raw = request.uri.queryParameters[name[...]].map(String.init)
        return response(.badRequest, raw.map { "\(name) must be \(requirement), got '\($0)'" } ?? "missing query parameter \(name)")
    }

    /// A `text/plain` response with `message`.
    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}
