import ReconRocksDB
import Synchronization

/// The OM replica currently installed, as one stable object: the sync engine swaps
/// replicas underneath on each snapshot install, while plugins and the kernel keep
/// this handle. Reads go to the replica live at the time of the call; a read that
/// races with a swap (its replica was just closed) is retried once on the new one.
public final class LiveOMReplica: Sendable {
    private let current = Mutex<OMReplica?>(nil)

    /// An empty handle (no replica yet).
    public init() {}

    /// The live replica, or nil before the first snapshot.
    public var replica: OMReplica? { current.withLock { $0 } }

    /// Makes `replica` live and returns the previous one (which the caller closes).
    @discardableResult
    func replace(with replica: OMReplica?) -> OMReplica? {
        current.withLock { slot in
            let old = slot
            slot = replica
            return old
        }
    }

    /// Runs `body` on the live replica; throws `notFound` when there is none.
    public func read<R>(_ body: (OMReplica) throws -> R) throws -> R {
        guard let first = replica else {
            throw StorageError(.notFound, "om replica", "no OM replica is installed yet")
        }
        do {
            return try body(first)
        } catch let error as StorageError where error.kind == .closed {
            guard let second = replica, second !== first else { throw error }
            return try body(second)
        }
    }
}

extension LiveOMReplica: OMReplicaReading {
    func get(table: String, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool {
        try read { try $0.get(table: table, key: key, into: buffer) }
    }

    func scanPrefix(
        table: String, prefix: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try read { try $0.scanPrefix(table: table, prefix: prefix, visit: visit) }
    }
}
