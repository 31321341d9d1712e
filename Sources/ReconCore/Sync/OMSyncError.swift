import OzoneFormat

/// Why a sync step failed. Every failure of the delta path leads to a full snapshot;
/// a failed snapshot leaves the previous replica serving.
public enum OMSyncError: Error, Sendable, CustomStringConvertible {
    /// The OM could not be reached or answered with an error status.
    case transport(String)
    /// The OM no longer has the WAL after the replica's sequence number.
    case sequenceNotFound(String)
    /// The OM answered with an undecodable or failed response.
    case badResponse(String)
    /// Write batch `index` of a response is malformed.
    case corruptBatch(index: Int, WriteBatchError)
    /// Write batch `index` does not continue the replica's sequence.
    case gap(index: Int, expected: UInt64, found: UInt64)
    /// Write batch `index` names a column family the replica does not have (the OM
    /// gained a table since the checkpoint).
    case unknownColumnFamily(index: Int, id: UInt32)
    /// Writing to the replica failed, or its sequence number disagrees after a write.
    case applyFailed(String)
    /// The checkpoint archive was refused.
    case tarRejected(TarError)
    /// The extracted checkpoint does not open, or lacks required OM tables.
    case verifyFailed(String)
    /// A local file-system or storage operation failed.
    case storage(String)
    /// There is no replica to apply updates to.
    case noReplica

    /// The `kind` dimension of the failure counter.
    public var kind: String {
        switch self {
        case .transport: "transport"
        case .sequenceNotFound: "sequence_not_found"
        case .badResponse: "bad_response"
        case .corruptBatch: "corrupt_batch"
        case .gap: "gap"
        case .unknownColumnFamily: "unknown_column_family"
        case .applyFailed: "apply_failed"
        case .tarRejected: "tar_rejected"
        case .verifyFailed: "verify_failed"
        case .storage: "storage"
        case .noReplica: "no_replica"
        }
    }

    /// One line.
    public var description: String {
        switch self {
        case .transport(let m): "OM transport failure: \(m)"
        case .sequenceNotFound(let m): "OM sequence number not found: \(m)"
        case .badResponse(let m): "bad OM response: \(m)"
        case .corruptBatch(let index, let error): "write batch #\(index) of the response is corrupt: \(error)"
        case .gap(let index, let expected, let found):
            "write batch #\(index) starts at sequence \(found), expected \(expected) (gap in OM updates)"
        case .unknownColumnFamily(let index, let id):
            "write batch #\(index) writes column family id \(id), which the replica does not have"
        case .applyFailed(let m): "applying updates to the OM replica failed: \(m)"
        case .tarRejected(let error): "checkpoint archive refused: \(error)"
        case .verifyFailed(let m): "checkpoint verification failed: \(m)"
        case .storage(let m): "OM replica storage failure: \(m)"
        case .noReplica: "no OM replica is installed"
        }
    }

    /// Maps an ``OMSource`` failure (or anything it threw) to a sync error.
    static func from(source error: any Error) -> OMSyncError {
        switch error {
        case let e as OMSyncError: e
        case OMSourceError.sequenceNumberNotFound(let m): .sequenceNotFound(m)
        case OMSourceError.transport(let m): .transport(m)
        case OMSourceError.badResponse(let m): .badResponse(m)
        default: .transport("\(error)")
        }
    }
}
