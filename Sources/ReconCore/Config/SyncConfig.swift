/// The OM sync section (`sync:`): how often and how much Recon pulls from the OM.
public struct SyncConfig: Sendable, Equatable {
    /// Time between two delta pulls, at least 100 ms. Default 5 s.
    public var interval: Duration
    /// Maximum updates asked for per `/dbUpdates` request, 1...10_000_000. Default 50000.
    public var deltaLimit: Int
    /// Wait before the first sync after start. Default 0 s.
    public var initialDelay: Duration

    /// Creates a sync section; every argument defaults to the documented default.
    public init(interval: Duration = .seconds(5), deltaLimit: Int = 50_000, initialDelay: Duration = .zero) {
        self.interval = interval
        self.deltaLimit = deltaLimit
        self.initialDelay = initialDelay
    }

    /// The built-in defaults: every 5 s, 50000 updates per request, no initial delay.
    public static let defaults = SyncConfig()
}
