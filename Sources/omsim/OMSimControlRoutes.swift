import Foundation
import Hummingbird
import OMSimulator

/// The control endpoints of `omsim serve`, for benchmark and test harnesses:
///
/// - `GET /status` → 200 JSON ``OMSimStatus``: the DB's latest sequence number, the
///   operations applied while serving and the current write rate.
/// - `PUT /workload?opsPerSecond=R` → 200 JSON ``OMSimStatus`` once the workload runs at
///   `R` operations per second (0 stops writing); a missing, malformed or negative `R` → 400.
struct OMSimControlRoutes: Sendable {
    let om: SimulatedOM
    let driver: WorkloadDriver

    func register(on router: Router<BasicRequestContext>) {
        router.get("status") { _, _ in try status() }
        router.put("workload") { request, _ in
            guard let raw = request.uri.queryParameters["opsPerSecond"] else {
                return OMSimText.response(.badRequest, "missing query parameter opsPerSecond")
            }
            guard let rate = Double(String(raw)), rate.isFinite, rate >= 0 else {
                return OMSimText.response(.badRequest, "opsPerSecond must be a number >= 0, got '\(raw)'")
            }
            await driver.setRate(rate)
            return try status()
        }
    }

    private func status() throws -> Response {
        let status = OMSimStatus(
            latestSequenceNumber: try om.latestSequenceNumber, operations: driver.operations,
            opsPerSecond: driver.rate, unixMillis: Int64(Date().timeIntervalSince1970 * 1000))
        let body = try JSONEncoder().encode(status)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// What `GET /status` answers.
struct OMSimStatus: Codable, Sendable {
    /// The OM DB's latest sequence number.
    var latestSequenceNumber: UInt64
    /// Workload operations applied since `serve` started.
    var operations: Int
    /// The write rate being applied (operations per second; 0: none).
    var opsPerSecond: Double
    /// When the answer was made, milliseconds since the Unix epoch.
    var unixMillis: Int64
}

/// Plain-text answers of omsim's endpoints.
enum OMSimText {
    /// A `text/plain` response with `message`.
    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}
