import ReconRocksDB
import Foundation

/// A lease on a ``TaskGeneration``: the generation stays open while the lease
/// lives. Released by ``release()`` or on deinit.
public final class GenerationLease: @unchecked Sendable {
    /// The leased generation.
    public let generation: TaskGeneration
    private let released = LockedState(false)

    init(generation: TaskGeneration) {
        self.generation = generation
    }

    deinit { release() }

    /// Ends the lease. Idempotent. `retireInBackground`: see
    /// ``TaskGeneration/release(retireInBackground:)`` (for requests and live batches).
    public func release(retireInBackground: Bool = false) {
        let first = released.withLock { r -> Bool in
            defer { r = true }
            return !r
        }
        if first { generation.release(retireInBackground: retireInBackground) }
    }
}

/// The live generation and the handle swap of DESIGN §5: requests lease the
/// current generation; ``replace(with:deleteOldFiles:)`` swaps in a new one and
/// retires the old, which closes once the requests that pinned it finish.
public final class LiveGeneration: @unchecked Sendable {
    private let current: LockedState<TaskGeneration?>

    /// Starts with `generation` live (or none).
    public init(_ generation: TaskGeneration? = nil) {
        current = LockedState(generation)
    }

    /// The live generation (unleased: use ``lease()`` to read from it).
    public var generation: TaskGeneration? { current.withLock { $0 } }

    /// A lease on the live generation; nil when there is none.
    public func lease() -> GenerationLease? {
        current.withLock { $0?.lease() }
    }

    /// Runs `body` with the live generation leased.
    public func withLease<R>(_ body: (TaskGeneration) throws -> R) throws -> R {
        guard let lease = lease() else {
            throw StorageError(.notFound, "withLease", "no live generation")
        }
        defer { lease.release() }
        return try body(lease.generation)
    }

    /// Makes `new` live and retires the previous generation (closing it once its
    /// leases are released; deleting its directory when `deleteOldFiles`). Call
    /// after ``GenerationDirectory/switchCurrent(to:)``. Returns the previous one.
    @discardableResult
    public func replace(with new: TaskGeneration?, deleteOldFiles: Bool = true) -> TaskGeneration? {
        let old = current.withLock { c -> TaskGeneration? in
            defer { c = new }
            return c
        }
        if let old, old !== new { old.retire(deleteFiles: deleteOldFiles) }
        return old
    }
}
