/// Per-worker scratch state for a reprocess run, safe under the host's threading rules
/// without a lock: keep one as a `let` in the task, ``reset(workers:_:)`` it in
/// ``ReconTask/reprocessBegin(workers:_:)``, update worker `w`'s slot in
/// ``ReconTask/reprocessChunk(worker:_:_:)``, and ``drain()`` it in
/// ``ReconTask/reprocessMerge(_:)``.
///
/// The host never runs begin or merge concurrently with a chunk, and serializes chunks
/// with the same worker id, so each slot has one user at a time. Using it in any other
/// pattern is a data race.
public final class WorkerLocal<State>: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<State>

    /// Creates an empty set of slots.
    public init() { slots = UnsafeMutableBufferPointer(start: nil, count: 0) }

    deinit { clear() }

    /// The number of slots.
    public var count: Int { slots.count }

    /// Replaces every slot: `workers` slots, each made by `make`. Call from begin only.
    public func reset(workers: Int, _ make: () -> State) {
        clear()
        let buffer = UnsafeMutableBufferPointer<State>.allocate(capacity: max(workers, 0))
        for i in buffer.indices { (buffer.baseAddress! + i).initialize(to: make()) }
        slots = buffer
    }

    /// Calls `body` with worker `worker`'s slot. Call from that worker's chunks only.
    /// - Throws: ``ReconTaskError/Code/invalid`` when `worker` is out of range.
    public func withSlot<R>(_ worker: Int, _ body: (inout State) throws -> R) throws -> R {
        guard worker >= 0 && worker < slots.count else {
            throw ReconTaskError.invalid("worker id \(worker) out of range (\(slots.count) workers)")
        }
        return try body(&slots[worker])
    }

    /// Returns every slot's state, in worker order, and empties the set. Call from merge.
    public func drain() -> [State] {
        let states = Array(slots)
        clear()
        return states
    }

    private func clear() {
        guard let base = slots.baseAddress else { return }
        base.deinitialize(count: slots.count)
        slots.deallocate()
        slots = UnsafeMutableBufferPointer(start: nil, count: 0)
    }
}
