import Foundation

/// A value guarded by a mutex.
package final class LockedState<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    package init(_ state: State) { self.state = state }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    package func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// A POSIX reader/writer lock. Readers share, a writer excludes everyone.
/// Lock and unlock on the same thread.
package final class ReadWriteLock: @unchecked Sendable {
    private let rw: UnsafeMutablePointer<pthread_rwlock_t>

    /// With `preferWriter`, a waiting writer blocks new readers (no writer
    /// starvation under a stream of readers); readers must then not lock recursively.
    package init(preferWriter: Bool = false) {
        rw = .allocate(capacity: 1)
        rw.initialize(to: pthread_rwlock_t())
        #if os(Linux)
        if preferWriter {
            var attr = pthread_rwlockattr_t()
            pthread_rwlockattr_init(&attr)
            pthread_rwlockattr_setkind_np(&attr, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
            pthread_rwlock_init(rw, &attr)
            pthread_rwlockattr_destroy(&attr)
            return
        }
        #endif
        pthread_rwlock_init(rw, nil)
    }

    deinit {
        pthread_rwlock_destroy(rw)
        rw.deinitialize(count: 1)
        rw.deallocate()
    }

    @inline(__always) package func lockRead() { pthread_rwlock_rdlock(rw) }
    @inline(__always) package func lockWrite() { pthread_rwlock_wrlock(rw) }
    @inline(__always) package func unlock() { pthread_rwlock_unlock(rw) }

    @inline(__always)
    package func withReadLock<R>(_ body: () throws -> R) rethrows -> R {
        lockRead()
        defer { unlock() }
        return try body()
    }

    @inline(__always)
    package func withWriteLock<R>(_ body: () throws -> R) rethrows -> R {
        lockWrite()
        defer { unlock() }
        return try body()
    }
}

/// Exclusive ownership that may be taken on one thread and given back on another
/// (a binary semaphore). Used for the SQLite writer connection, which a host
/// transaction holds from its first SQL statement until commit or rollback.
package final class OwnershipGate: @unchecked Sendable {
    package init() {}
    private let condition = NSCondition()
    private var held = false

    /// Blocks until the gate is free, then takes it.
    package func acquire() {
        condition.lock()
        while held { condition.wait() }
        held = true
        condition.unlock()
    }

    /// Gives the gate back and wakes one waiter.
    package func release() {
        condition.lock()
        held = false
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` while holding the gate.
    package func withGate<R>(_ body: () throws -> R) rethrows -> R {
        acquire()
        defer { release() }
        return try body()
    }
}
