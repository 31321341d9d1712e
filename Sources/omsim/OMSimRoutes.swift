import Foundation
import Hummingbird
import Logging
import OMSimulator
import OzoneFormat

/// The HTTP contract of `omsim serve`:
///
/// - `GET /dbCheckpoint` → 200, `application/x-tar`, streamed: the OM's v1 checkpoint
///   tarball (DB files at the top level, then `OZONE_RATIS_SNAPSHOT_COMPLETE`).
/// - `GET /dbUpdates?sequenceNumber=N[&limitCount=M]` → 200, `application/x-protobuf`,
///   body = serialized `DBUpdatesResponse` (`limitCount` absent = unlimited, like the OM).
///   A sequence number no longer in the WAL → 410 with body
///   `SequenceNumberNotFound: requested N, earliest available E`; missing or malformed
///   parameters, or `limitCount` ≤ 0 → 400 with a message.
/// - While operations are held (``WorkloadDriver``), `/dbUpdates` stops before them and
///   `/dbCheckpoint` answers 409.
struct OMSimRoutes: Sendable {
    let om: SimulatedOM
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("dbCheckpoint") { _, _ in try checkpoint() }
        router.get("dbUpdates") { request, _ in updates(request) }
    }

    private func checkpoint() throws -> Response {
        let held = om.heldOperations
        if held > 0 { return text(.conflict, OMSimulatorError.operationsHeld(held).description) }
        let om = self.om
        let logger = self.logger
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        var headers = HTTPFields()
        headers[.contentType] = "application/x-tar"
        headers[.contentDisposition] = "attachment; filename=\"om.db_checkpoint_\(millis).tar\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var sink = ResponseWriterSink(writer: writer)
            do {
                try await om.writeCheckpointTar(to: &sink)
            } catch {
                logger.error("checkpoint failed: \(error)")
                throw error
            }
            writer = sink.writer
            try await writer.finish(nil)
            logger.info("served a checkpoint of \(sink.bytes) bytes")
        })
    }

    private func updates(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        guard let rawSequence = query["sequenceNumber"] else {
            return text(.badRequest, "missing query parameter sequenceNumber")
        }
        guard let sequence = UInt64(String(rawSequence)) ?? Int64(String(rawSequence)).map({ UInt64(bitPattern: $0) }) else {
            return text(.badRequest, "sequenceNumber must be a decimal number, got '\(rawSequence)'")
        }
        var limit = Int.max
        if let rawLimit = query["limitCount"] {
            guard let parsed = Int64(String(rawLimit)) else {
                return text(.badRequest, "limitCount must be a decimal number, got '\(rawLimit)'")
            }
            limit = Int(parsed)
        }
        do {
            let response = try om.updates(since: sequence, limit: limit)
            let bytes: [UInt8] = try response.serializedBytes()
            var headers = HTTPFields()
            headers[.contentType] = "application/x-protobuf"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch let error as OMSimulatorError {
            switch error {
            case .sequenceNumberNotFound:
                return text(.gone, error.description)
            case .invalidArgument(let message):
                return text(.badRequest, message)
            default:
                return text(.internalServerError, error.description)
            }
        } catch {
            logger.error("dbUpdates failed: \(error)")
            return text(.internalServerError, "\(error)")
        }
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        OMSimText.response(status, message)
    }
}

/// Hands tar chunks to a Hummingbird response body writer.
struct ResponseWriterSink: TarSink {
    var writer: any ResponseBodyWriter
    var bytes: UInt64 = 0

    mutating func write(_ chunk: [UInt8]) async throws {
        try await writer.write(ByteBuffer(bytes: chunk))
        bytes += UInt64(chunk.count)
    }
}
