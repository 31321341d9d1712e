import Foundation
import Hummingbird

/// JSON answers and the API's error shape: `{"status": <code>, "message": "..."}`.
enum JSONResponse {
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// `value` encoded as JSON with status `status`.
    static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An error answer with a message a person can act on.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = ErrorBody(status: Int(status.code), message: message)
        let data = (try? encoder.encode(body)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        var status: Int
        var message: String
    }
}
