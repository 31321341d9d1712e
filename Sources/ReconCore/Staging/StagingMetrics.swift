import Metrics

/// The staged reprocess's swift-metrics instruments (exported by the daemon's
/// metrics backend, e.g. on `/metrics`).
struct StagingMetrics: Sendable {
    /// `recon_staging_state`: ``StagingState/gaugeValue`` of the current state.
    let state = Gauge(label: "recon_staging_state")
    /// `recon_staging_records_scanned_total`: records read by the shared scan.
    let recordsScanned = Counter(label: "recon_staging_records_scanned_total")
    /// `recon_staging_duration_seconds`: duration of each finished run (success or give-up).
    let duration = Metrics.Timer(label: "recon_staging_duration_seconds")
    /// `recon_staging_switch_pause_milliseconds`: the last switch's pause.
    let switchPause = Gauge(label: "recon_staging_switch_pause_milliseconds")
    /// `recon_staging_failures_total`: failed attempts.
    let failures = Counter(label: "recon_staging_failures_total")
    /// `recon_staging_buffered_batches`: deltas waiting for catch-up.
    let bufferedBatches = Gauge(label: "recon_staging_buffered_batches")
}
