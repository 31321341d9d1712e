/// The targets (2 cores, 10 million keys).
enum BenchTargets {
    /// Records per second of a full staged reprocess.
    static let reprocessRecordsPerSecond = 500_000.0
    /// Reprocess wall time over the raw-scan floor.
    static let ratioToRawScan = 8.0
    /// Peak RSS of recond during a reprocess.
    static let peakRSSBytes: UInt64 = 3 << 29
    /// The write rate at which the delta lag is checked.
    static let lagRate = 20_000.0
    /// p99 delta lag at ``lagRate``, seconds.
    static let lagP99Seconds = 1.0
    /// API p99 during staging, milliseconds.
    static let apiP99Millis = 20.0
    /// Switch pause, milliseconds.
    static let switchPauseMillis = 100.0
    /// The key count the targets are set for.
    static let keys = 10_000_000

    /// The peak RSS of a run: the sampled peak, or VmHWM when it was reset before the run.
    static func peakRSS(_ run: ReprocessResult) -> UInt64 {
        max(run.peakRSSBytes ?? 0, run.vmHWMReset ? (run.vmHWMBytes ?? 0) : 0)
    }

    /// Whether a reprocess met every reprocess target (rate, ratio, RSS, switch pause).
    static func reprocessMet(_ run: ReprocessResult) -> Bool {
        run.recordsPerSecond >= reprocessRecordsPerSecond && (run.ratioToRawScan ?? 0) <= ratioToRawScan
            && peakRSS(run) <= peakRSSBytes && (run.switchPauseMillis ?? 0) <= switchPauseMillis
    }

    /// Whether the API met its targets during staging (data in every answer, p99, switch
    /// pause) and recond's memory stayed in bound under that load.
    static func apiMet(_ load: APILoadResult) -> Bool {
        load.routes.allSatisfy { $0.empty == 0 && $0.failed == 0 && $0.latencyMillis.p99 <= apiP99Millis }
            && (load.reprocess.switchPauseMillis ?? 0) <= switchPauseMillis && peakRSS(load.reprocess) <= peakRSSBytes
    }

    /// Whether the lag at ``lagRate`` met its target (the rate reached, every sequence shown, p99 in bound).
    static func lagMet(_ lag: DeltaLagResult) -> Bool {
        lag.achievedRate >= 0.9 * lag.requestedRate && lag.unresolved == 0 && lag.lagSeconds.p99 <= lagP99Seconds
    }
}
