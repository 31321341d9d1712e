/// The Ozone Manager source section (`om:`): where OM metadata comes from.
public struct OMSourceConfig: Sendable, Equatable {
    /// Which kind of OM to sync from. Default ``OMSourceKind/embedded``.
    public var source: OMSourceKind
    /// Base URL of the OM HTTP endpoint (`http://` or `https://`); set exactly when `source` is ``OMSourceKind/ozoneHTTP``.
    public var url: String?
    /// Settings of the in-process simulated OM; used only when `source` is ``OMSourceKind/embedded``.
    public var embedded: EmbeddedOMConfig
    /// Maximum number of bytes accepted from one checkpoint tarball. Default 64 GiB.
    public var snapshotMaxBytes: UInt64
    /// Timeout of one request to the OM. Default 60 s.
    public var requestTimeout: Duration

    /// Creates an OM section; every argument defaults to the documented default.
    public init(
        source: OMSourceKind = .embedded,
        url: String? = nil,
        embedded: EmbeddedOMConfig = .defaults,
        snapshotMaxBytes: UInt64 = 64 << 30,
        requestTimeout: Duration = .seconds(60)
    ) {
        self.source = source
        self.url = url
        self.embedded = embedded
        self.snapshotMaxBytes = snapshotMaxBytes
        self.requestTimeout = requestTimeout
    }

    /// The built-in defaults: embedded source, 64 GiB snapshot limit, 60 s request timeout.
    public static let defaults = OMSourceConfig()
}

/// Where OM metadata comes from (`om.source`).
public enum OMSourceKind: String, Sendable, Equatable, CaseIterable {
    /// An in-process simulated OM that generates and mutates a namespace (`embedded`).
    case embedded = "embedded"
    /// A real (or simulated) OM reached over its HTTP checkpoint and `/dbUpdates` endpoints (`ozone-http`).
    case ozoneHTTP = "ozone-http"
}

/// Settings of the embedded simulated OM (`om.embedded`).
public struct EmbeddedOMConfig: Sendable, Equatable {
    /// Number of keys generated at start, 1...100_000_000. Default 5000.
    public var keys: Int
    /// Random seed, >= 0; the same seed gives the same namespace. Default 42.
    public var seed: Int
    /// Mutations per second applied after start, >= 0 (0 = static namespace). Default 20.
    public var writeRate: Double

    /// Creates embedded OM settings; every argument defaults to the documented default.
    public init(keys: Int = 5000, seed: Int = 42, writeRate: Double = 20) {
        self.keys = keys
        self.seed = seed
        self.writeRate = writeRate
    }

    /// The built-in defaults: 5000 keys, seed 42, 20 writes/s.
    public static let defaults = EmbeddedOMConfig()
}
