/// The delay before each retry of a failed staged reprocess: `backoff` before the
/// first retry, doubled for each further one, never above `backoffMax`.
struct RetryBackoff: Sendable, Equatable {
    /// Delay before the first retry.
    var initial: Duration
    /// Upper bound.
    var maximum: Duration

    /// From the `staging:` section.
    init(_ config: StagingConfig) {
        self.init(initial: config.backoff, maximum: config.backoffMax)
    }

    /// Explicit bounds.
    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The delay before retry number `retry` (1 = the first retry).
    func delay(beforeRetry retry: Int) -> Duration {
        var d = initial
        var n = 1
        while n < retry && d < maximum {
            d = d * 2
            n += 1
        }
        return min(d, maximum)
    }
}
