/// The staged-reprocess section (`staging:`): how full reprocesses build a new generation and retry.
public struct StagingConfig: Sendable, Equatable {
    /// Whether full reprocesses are staged into a new generation (true) or done in place (false). Default true.
    public var enabled: Bool
    /// Retries of a failed staged reprocess before giving up, 0...100. Default 6.
    public var maxRetries: Int
    /// Delay before the first retry; doubled on each further retry. Default 2 s.
    public var backoff: Duration
    /// Upper bound of the retry delay, at least `backoff`. Default 5 min.
    public var backoffMax: Duration
    /// Event batches buffered while a staged reprocess runs, 1...10_000_000. Default 20000.
    public var eventBuffer: Int
    /// Parallel scan workers of a reprocess, 1...64. Default 2.
    public var workers: Int
    /// Nice value of the reprocess's scan and merge threads, 0...19 (0 = normal
    /// priority). Default 10: the rebuild takes the cores the API and the live sync
    /// leave idle.
    public var nice: Int

    /// Creates a staging section; every argument defaults to the documented default.
    public init(
        enabled: Bool = true,
        maxRetries: Int = 6,
        backoff: Duration = .seconds(2),
        backoffMax: Duration = .seconds(300),
        eventBuffer: Int = 20_000,
        workers: Int = 2,
        nice: Int = 10
    ) {
        self.enabled = enabled
        self.maxRetries = maxRetries
        self.backoff = backoff
        self.backoffMax = backoffMax
        self.eventBuffer = eventBuffer
        self.workers = workers
        self.nice = nice
    }

    /// The built-in defaults: enabled, 6 retries, 2 s…5 min backoff, 20000 buffered batches, 2 workers at nice 10.
    public static let defaults = StagingConfig()
}
