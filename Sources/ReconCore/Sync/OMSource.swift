/// The seam to the Ozone Manager: where checkpoints and WAL deltas come from.
/// ``OzoneHTTPSource`` talks to an OM (or `omsim`) over HTTP; the embedded
/// simulator and tests provide their own.
public protocol OMSource: Sendable {
    /// Streams the `/dbCheckpoint` tar archive to `sink`, chunk by chunk, in order.
    /// Never buffers the whole archive. Errors thrown by `sink` stop the download and
    /// propagate unchanged.
    func downloadCheckpoint(into sink: @Sendable (ArraySlice<UInt8>) async throws -> Void) async throws

    /// The WAL write batches after `sequence`, at most about `limit` sequence numbers
    /// (Ozone's `getUpdatesSince(sequence, limit)`, om-db-format.md §7.2). Throws
    /// ``OMSourceError/sequenceNumberNotFound(_:)`` when the OM no longer has the WAL
    /// right after `sequence`.
    func updates(since sequence: UInt64, limit: Int) async throws -> OMDeltaUpdates
}

/// One `DBUpdatesResponse`: serialized RocksDB write batches in WAL order.
public struct OMDeltaUpdates: Sendable, Equatable {
    /// Ozone's value of ``sequenceNumber`` when no batch was returned (Java's -1).
    public static let noBatches = UInt64.max

    /// Each element is one RocksDB WriteBatch exactly as in the OM's WAL.
    public var batches: [[UInt8]]
    /// The start sequence of the last batch returned, or ``noBatches``.
    public var sequenceNumber: UInt64
    /// The OM DB's latest sequence number when the response was built.
    public var latestSequenceNumber: UInt64

    /// Creates a response.
    public init(batches: [[UInt8]], sequenceNumber: UInt64, latestSequenceNumber: UInt64) {
        self.batches = batches
        self.sequenceNumber = sequenceNumber
        self.latestSequenceNumber = latestSequenceNumber
    }
}

/// Failures of an ``OMSource``.
public enum OMSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The OM's WAL no longer holds the requested sequence number (Ozone's
    /// `SequenceNumberNotFoundException`; HTTP 410): only a full snapshot can help.
    case sequenceNumberNotFound(String)
    /// The OM could not be reached, timed out, or answered with an error status.
    case transport(String)
    /// The OM answered with something that is not a valid response.
    case badResponse(String)

    /// One line.
    public var description: String {
        switch self {
        case .sequenceNumberNotFound(let message): "OM sequence number not found: \(message)"
        case .transport(let message): "OM transport error: \(message)"
        case .badResponse(let message): "bad OM response: \(message)"
        }
    }
}
