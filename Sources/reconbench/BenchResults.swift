/// Everything one bench run measured: written as `bench/results/<date>.json`.
struct BenchResults: Codable, Sendable {
    /// When the run started (UTC, ISO 8601).
    var startedAt: String
    /// When it ended.
    var finishedAt: String?
    /// The machine and build.
    var machine: MachineFacts
    /// The run's settings.
    var parameters: BenchParameters
    /// Generating the OM DB.
    var generation: GenerationResult?
    /// The physical floor.
    var rawScan: RawScanResult?
    /// The first staged reprocess after recond started (trigger initialStart, from recond's
    /// start: includes downloading and installing the checkpoint).
    var initialReprocess: ReprocessResult?
    /// The measured staged reprocess (manual trigger, no API load, no OM writes): the
    /// median of ``reprocessRepeats`` by wall time.
    var reprocess: ReprocessResult?
    /// Every run of the measured reprocess, in order (`--repeats`).
    var reprocessRepeats: [ReprocessResult] = []
    /// The API under load during a second staged reprocess.
    var apiDuringStaging: APILoadResult?
    /// Delta lag at each write rate.
    var deltaLag: [DeltaLagResult] = []
    /// The highest write rate held without a growing lag (nil: none of those tried).
    var highestRateHeld: Double?
    /// CPU profiles of the figures that missed their targets.
    var profiles: [ProfileResult] = []
    /// Target checks and headline figures, in table order.
    var figures: [Figure] = []
    /// Problems that did not stop the run (missing plugins, failed phases).
    var notes: [String] = []
}

/// The settings of a run: each field is the command-line option of the same name (see ``ReconBench``).
struct BenchParameters: Codable, Sendable {
    var keys: Int
    var seed: UInt64
    var products: String
    var workers: Int
    var syncIntervalMillis: Int
    var pluginsLoaded: [String]
    var pluginsMissing: [String]
    var apiConcurrency: Int
    var apiThinkMillis: Int
    var stagingWriteRate: Double
    var writeRates: [Double]
    var rateSeconds: Int
    var lagWrites: LagWrites
    var sampleIntervalMillis: Int
    var repeats: Int
    var profileMisses: Bool
}

/// `omsim generate`.
struct GenerationResult: Codable, Sendable {
    var seconds: Double
    var bytesOnDisk: UInt64
}

/// The raw scan's passes and the floor used for ratios.
struct RawScanResult: Codable, Sendable {
    /// The warm-up pass's time (pages the DB in, samples split keys).
    var warmUpSeconds: Double
    /// Records per column family.
    var recordsPerFamily: [String: UInt64]
    /// The median pass of each thread count (1 thread, 2 threads).
    var passes: [RawScanPass]
    /// Every pass's time, by thread count (`--repeats` each).
    var repeatSeconds: [String: [Double]]
    /// The fastest median pass's time: the floor.
    var floorSeconds: Double
}

/// One staged reprocess, from trigger to completed switch.
struct ReprocessResult: Codable, Sendable {
    var trigger: String
    var attempts: Int
    /// Trigger to completed switch, seconds.
    var wallSeconds: Double
    /// When the run ended (Unix ms, recond's clock).
    var finishedAt: Int64?
    var recordsScanned: UInt64
    /// Records scanned / wall time.
    var recordsPerSecond: Double
    /// recond's own scan rate during PROCESSING.
    var scanRecordsPerSecond: Double
    /// Wall time / the raw-scan floor.
    var ratioToRawScan: Double?
    /// The highest sampled VmRSS of recond during the run, bytes.
    var peakRSSBytes: UInt64?
    var rssSamples: Int
    /// recond's VmHWM after the run (reset just before the trigger when the kernel allows).
    var vmHWMBytes: UInt64?
    var vmHWMReset: Bool
    /// recond's `/proc/<pid>/io` write_bytes during the run.
    var writeBytes: UInt64?
    /// The part of ``writeBytes`` cancelled before it reached storage (`cancelled_write_bytes`:
    /// temporary files, such as sorted runs, deleted while still in the page cache).
    var cancelledWriteBytes: UInt64?
    /// The staged generation's size on disk after the switch.
    var generationBytes: UInt64?
    /// The same generation's apparent size (file lengths; RocksDB preallocates its WAL).
    var generationApparentBytes: UInt64?
    var stagedGeneration: String?
    /// recond's user+system CPU seconds during the run.
    var cpuSeconds: Double?
    var switchPauseMillis: Double?
    var bufferHoldMillis: Double?
    var bufferedBatches: Int
    var phaseMillis: StagingSnapshot.Timings
}

/// Latency of one route under load.
struct RouteLoadResult: Codable, Sendable {
    var path: String
    var requests: Int
    /// Answers with status 200 and content.
    var ok: Int
    /// 200 answers without content (empty body, empty list, status other than OK).
    var empty: Int
    /// Non-200 answers and transport errors.
    var failed: Int
    var statusCounts: [String: Int]
    var latencyMillis: Percentiles
    /// The first answer's body, shortened (shows what an empty or failed answer was).
    var sampleAnswer: String
}

/// The API during a staged reprocess.
struct APILoadResult: Codable, Sendable {
    var concurrency: Int
    var thinkMillis: Int
    var routes: [RouteLoadResult]
    var reprocess: ReprocessResult
    /// The longest answer of any route that was in flight at the switch (±50 ms).
    var maxLatencyAtSwitchMillis: Double?
}

/// Delta lag at one write rate.
struct DeltaLagResult: Codable, Sendable {
    var requestedRate: Double
    /// How omsim made the commits.
    var writes: LagWrites
    /// Operations omsim made visible per second over the window.
    var achievedRate: Double
    var windowSeconds: Double
    var omSequencesAdvanced: Int64
    var lagSeconds: Percentiles
    /// Lag gained per second over the window (least squares): ~0 when steady.
    var lagSlope: Double
    /// Seconds after the writes stopped until recond showed the OM's last sequence (nil: never).
    var drainSeconds: Double?
    var unresolved: Int
    var samplerFailures: Int
    /// Achieved ≥ 90% of requested, lag not growing, every sequence shown.
    var held: Bool
}

/// One row of the results table.
struct Figure: Codable, Sendable {
    var name: String
    var target: String
    var measured: String
    /// nil when the figure has no target.
    var pass: Bool?
}
