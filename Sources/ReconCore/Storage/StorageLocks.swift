import Foundation

/// A value guarded by a mutex.
final class LockedState<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    init(_ state: State) { self.state = state }

    /// Runs `body` with exclusive access to the state.
    @inline(__always)
    func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// A POSIX reader/writer lock. Readers share, a writer excludes everyone.
/// Lock and unlock on the same thread.
final class ReadWriteLock: @unchecked Sendable {
    private let rw: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        rw = .allocate(capacity: 1)
        rw.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(rw, nil)
    }

    deinit {
        pthread_rwlock_destroy(rw)
        rw.deinitialize(count: 1)
        rw.deallocate()
    }

    @inline(__always) func lockRead() { pthread_rwlock_rdlock(rw) }
    @inline(__always) func lockWrite() { pthread_rwlock_wrlock(rw) }
    @inline(__always) func unlock() { pthread_rwlock_unlock(rw) }

    @inline(__always)
    func withReadLock<R>(_ body: () throws -> R) rethrows -> R {
        lockRead()
        defer { unlock() }
        return try body()
    }

    @inline(__always)
    func withWriteLock<R>(_ body: () throws -> R) rethrows -> R {
        lockWrite()
        defer { unlock() }
        return try body()
    }
}

/// Exclusive ownership that may be taken on one thread and given back on another
/// (a binary semaphore). Used for the SQLite writer connection, which a host
/// transaction holds from its first SQL statement until commit or rollback.
final class OwnershipGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var held = false

    /// Blocks until the gate is free, then takes it.
    func acquire() {
        condition.lock()
        while held { condition.wait() }
        held = true
        condition.unlock()
    }

    /// Gives the gate back and wakes one waiter.
    func release() {
        condition.lock()
        held = false
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` while holding the gate.
    func withGate<R>(_ body: () throws -> R) rethrows -> R {
        acquire()
        defer { release() }
        return try body()
    }
}
