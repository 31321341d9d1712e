import Foundation
import OzoneFormat
import SwiftProtobuf

/// Converts between ``OMDeltaUpdates`` and the serialized `DBUpdatesResponse`
/// protobuf (om-db-format.md §7.1) that `/dbUpdates` returns.
public enum DBUpdatesDecoding {
    /// Decodes a serialized `DBUpdatesResponse`. An explicit `dbUpdateSuccess = false`
    /// (the OM failed to read its WAL) is a ``OMSourceError/badResponse(_:)``.
    public static func decode(_ bytes: Data) throws -> OMDeltaUpdates {
        let message: OMDBUpdatesResponse
        do {
            message = try OMDBUpdatesResponse(serializedBytes: bytes)
        } catch {
            throw OMSourceError.badResponse("undecodable DBUpdatesResponse (\(bytes.count) bytes): \(error)")
        }
        if message.hasDbUpdateSuccess && !message.dbUpdateSuccess {
            throw OMSourceError.badResponse("the OM reported dbUpdateSuccess=false")
        }
        guard message.hasSequenceNumber else {
            throw OMSourceError.badResponse("DBUpdatesResponse without sequenceNumber")
        }
        return OMDeltaUpdates(
            batches: message.data.map { [UInt8]($0) },
            sequenceNumber: message.sequenceNumber,
            latestSequenceNumber: message.latestSequenceNumber)
    }

    /// Encodes `updates` as Ozone's OM would (with `dbUpdateSuccess = true`).
    public static func encode(_ updates: OMDeltaUpdates) throws -> [UInt8] {
        var message = OMDBUpdatesResponse()
        message.sequenceNumber = updates.sequenceNumber
        message.data = updates.batches.map { Data($0) }
        message.latestSequenceNumber = updates.latestSequenceNumber
        message.dbUpdateSuccess = true
        return try message.serializedBytes()
    }
}
