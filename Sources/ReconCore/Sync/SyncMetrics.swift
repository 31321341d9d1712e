import Metrics

/// The OM sync's metrics (swift-metrics; exported by whatever backend the daemon
/// bootstraps, e.g. Prometheus at `/metrics`).
struct SyncMetrics: Sendable {
    /// OM sequence numbers the replica is behind the OM's latest.
    let lagSequence = Gauge(label: "recon_om_sync_lag_sequence")
    /// Seconds since the replica last matched the OM's latest sequence.
    let lagSeconds = Gauge(label: "recon_om_sync_lag_seconds")
    /// The replica's sequence number.
    let replicaSequence = Gauge(label: "recon_om_sync_replica_sequence")
    /// OM write batches applied to the replica.
    let batchesApplied = Counter(label: "recon_om_sync_batches_applied_total")
    /// Bytes of OM write batches applied.
    let bytesApplied = Counter(label: "recon_om_sync_bytes_applied_total")
    /// Events derived from applied batches.
    let eventsDerived = Counter(label: "recon_om_sync_events_total")
    /// Full snapshots installed.
    let snapshots = Counter(label: "recon_om_sync_snapshots_total")
    /// Time to download, extract, verify and switch one snapshot.
    let snapshotDuration = Timer(label: "recon_om_sync_snapshot_duration_seconds", preferredDisplayUnit: .seconds)
    /// Archive bytes of snapshots downloaded.
    let snapshotBytes = Counter(label: "recon_om_sync_snapshot_bytes_total")

    /// Counts a failure of `kind` (transport, sequence_not_found, corrupt_batch, gap,
    /// tar_rejected, verify_failed, ...).
    func failure(_ kind: String) {
        Counter(label: "recon_om_sync_failures_total", dimensions: [("kind", kind)]).increment()
    }
}
