/// What `GET /api/v1/staging` answers: the state of the staged reprocess, its
/// progress and timings. Times are milliseconds since the Unix epoch (as in Recon's
/// task status); durations are milliseconds.
public struct StagingStatus: Codable, Sendable, Equatable {
    /// The current state.
    public var state: StagingState
    /// Why the current (or last) run started; nil before the first run.
    public var trigger: StagingTrigger?
    /// When the current (or last) run started.
    public var startedAt: Int64?
    /// When it ended (committed, or gave up); nil while running.
    public var finishedAt: Int64?
    /// The attempt in progress (or the last one), 1-based; 0 before the first run.
    public var attempt: Int
    /// Retries allowed after the first attempt (`staging.max_retries`).
    public var maxRetries: Int
    /// When the next attempt starts, while waiting out a backoff.
    public var nextAttemptAt: Int64?
    /// The OM sequence of the view being reprocessed.
    public var viewSequence: UInt64?
    /// The generation being built, e.g. "gen-000000000004".
    public var stagedGeneration: String?
    /// Scan progress of the current attempt.
    public var progress: StagingProgress
    /// Every plugin's part, by plugin name.
    public var plugins: [String: StagingPluginState]
    /// The delta buffer.
    public var buffer: StagingBufferStatus
    /// The error of the last failed attempt (kept after a later success until the next run starts).
    public var lastError: String?
    /// How long the last switch took, from the CURRENT rename to the new generation
    /// answering requests.
    public var lastSwitchPauseMillis: Double?
    /// How long the last switch held the delta buffer closed (the sync loop's
    /// longest possible wait in `buffer(_:)`): the final flush, marker, rename and handle swap.
    public var lastBufferHoldMillis: Double?
    /// Time spent in each phase by the current (or last) attempt.
    public var timings: StagingPhaseTimings

    /// The status before any run.
    public static func idle(maxRetries: Int, bufferCapacity: Int) -> StagingStatus {
        StagingStatus(
            state: .none, trigger: nil, startedAt: nil, finishedAt: nil, attempt: 0, maxRetries: maxRetries,
            nextAttemptAt: nil, viewSequence: nil, stagedGeneration: nil, progress: StagingProgress(), plugins: [:],
            buffer: StagingBufferStatus(capacity: bufferCapacity), lastError: nil, lastSwitchPauseMillis: nil,
            lastBufferHoldMillis: nil, timings: StagingPhaseTimings())
    }
}

/// Scan progress: records read from the view by the shared scan.
public struct StagingProgress: Codable, Sendable, Equatable {
    /// Records handed to plugins so far.
    public var recordsScanned: UInt64 = 0
    /// The sum of the scanned tables' approximate counts.
    public var recordsTotal: UInt64 = 0
    /// Scan rate since PROCESSING started.
    public var recordsPerSecond: Double = 0
    /// Estimated seconds to the end of the scan; nil while unknown.
    public var etaSeconds: Double?

    /// Empty progress.
    public init() {}
}

/// The delta buffer of the kernel's batches received during a staged reprocess.
public struct StagingBufferStatus: Codable, Sendable, Equatable {
    /// Batches held in memory before spilling (`staging.event_buffer`).
    public var capacity: Int
    /// Batches held: every delta since the run started (each attempt replays them all).
    public var held: Int = 0
    /// Of those, batches the current attempt has not applied yet.
    public var pending: Int = 0
    /// Batches held in memory.
    public var inMemory: Int = 0
    /// Batches held in the spill file.
    public var spilled: Int = 0
    /// Bytes in the spill file.
    public var spilledBytes: UInt64 = 0
    /// Batches received in this run.
    public var received: Int = 0
    /// Batches received that overflowed the memory bound and went to disk.
    public var overflowed: Int = 0
    /// Whether the buffer accepts batches (a staged reprocess holds the deltas).
    public var accepting: Bool = false
    /// The last spill failure (the batch was then kept in memory).
    public var spillError: String?

    /// An empty buffer status.
    public init(capacity: Int) { self.capacity = capacity }
}

/// Milliseconds spent in each phase by one attempt; nil for phases not reached.
public struct StagingPhaseTimings: Codable, Sendable, Equatable {
    /// INITIALIZING.
    public var initializing: Double?
    /// PROCESSING (scan and merge).
    public var processing: Double?
    /// CATCHING_UP.
    public var catchingUp: Double?
    /// READY_TO_COMMIT (validation, flush, marker).
    public var readyToCommit: Double?
    /// COMMITTING (rename, handle swap, plugin notifications).
    public var committing: Double?
    /// ROLLING_BACK.
    public var rollingBack: Double?

    /// No timings yet.
    public init() {}

    /// Adds `millis` to the phase of `state` (other states are not timed).
    mutating func add(_ millis: Double, to state: StagingState) {
        switch state {
        case .initializing: initializing = (initializing ?? 0) + millis
        case .processing: processing = (processing ?? 0) + millis
        case .catchingUp: catchingUp = (catchingUp ?? 0) + millis
        case .readyToCommit: readyToCommit = (readyToCommit ?? 0) + millis
        case .committing: committing = (committing ?? 0) + millis
        case .rollingBack: rollingBack = (rollingBack ?? 0) + millis
        case .none, .committed, .failed: break
        }
    }
}
