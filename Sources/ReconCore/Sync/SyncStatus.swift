/// The OM sync's state, for the API (`/api/v1/...` sync status) and logs.
public struct SyncStatus: Sendable, Equatable, Codable {
    /// Milliseconds since the epoch when the last sync round succeeded (deltas or snapshot).
    public var lastSyncTime: Int64?
    /// Milliseconds since the epoch when the last sync round started.
    public var lastAttemptTime: Int64?
    /// The replica's sequence number (the last OM sequence applied), nil without replica.
    public var replicaSequence: UInt64?
    /// The OM's latest sequence number as last reported.
    public var omLatestSequence: UInt64?
    /// The last failure, one line. Cleared by the next successful delta round (a
    /// fallback snapshot keeps the failure that caused it).
    public var lastError: String?
    /// The kind of the last failure (the `kind` of the failure metric).
    public var lastErrorKind: String?
    /// Snapshots installed since start.
    public var snapshotCount: Int
    /// Milliseconds since the epoch of the last snapshot install.
    public var lastSnapshotTime: Int64?
    /// True while a sync round runs.
    public var isRunning: Bool

    /// A status with nothing happened yet.
    public init() {
        snapshotCount = 0
        isRunning = false
    }

    /// OM sequence numbers the replica is behind, when both are known.
    public var sequenceLag: UInt64? {
        guard let replicaSequence, let omLatestSequence else { return nil }
        return omLatestSequence > replicaSequence ? omLatestSequence - replicaSequence : 0
    }
}
