/// A failure of the storage layer: RocksDB, SQLite, the file system, or a misuse of
/// the API. Carries the underlying engine's message and the path it concerns.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// RocksDB returned an error (its message is in ``StorageError/message``).
        case rocksdb
        /// SQLite returned an error.
        case sqlite
        /// A file-system call failed (errno text in the message).
        case io
        /// The object was closed (or retired) before the call.
        case closed
        /// A bad argument or a call not allowed in the current state.
        case invalidArgument
        /// On-disk state is not what the layout promises (bad CURRENT, bad cursor, ...).
        case corruption
        /// The requested object (column family, generation, ...) does not exist.
        case notFound
        /// The store needs ``PluginStore/recover()``: a commit passed its commit point
        /// but its key/value half could not be applied yet.
        case needsRecovery
        /// A read view cannot provide a consistent SQL snapshot any more.
        case snapshotUnavailable
        /// A test-injected failure (see ``CommitFaultPoint``).
        case injectedFault
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The operation that failed, e.g. "open", "get", "commit".
    public var operation: String
    /// The engine's or the layer's explanation.
    public var message: String
    /// The file or directory concerned, when there is one.
    public var path: String?

    /// Creates an error.
    public init(_ kind: Kind, _ operation: String, _ message: String, path: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.path = path
    }

    /// One line: kind, operation, path and message.
    public var description: String {
        var s = "\(kind.rawValue) error in \(operation)"
        if let path { s += " (\(path))" }
        return s + ": " + message
    }
}
