import Foundation
import Logging
import Synchronization

/// The OM delta batches the kernel hands over while a staged reprocess runs (the
/// kernel stops processing them on the live generation meanwhile). FIFO, thread-safe.
///
/// ## Overflow policy: spill to disk, never drop, never restart
///
/// Up to `capacity` batches (`staging.event_buffer`) stay in memory; beyond that,
/// every further batch is appended to a scratch file, `<tasks>/staging-deltas/
/// deltas.spill`, and read back in order during catch-up. Once something is
/// spilled, new batches go to the file too until it is drained, so order holds.
///
/// Why not restart the reprocess from a newer view (what Recon does on overflow:
/// drop the queue and queue another full reinit)? Because a reprocess that is long
/// enough to overflow the buffer once will overflow it again under the same write
/// load: restarting throws away hours of scan work and can livelock, while the API
/// keeps serving an ever older generation. Spilling keeps memory bounded, always
/// finishes, and costs disk in proportion to the deltas (which the OM replica
/// already holds once). Catch-up then applies them exactly as the live path would.
///
/// Why not under the staged generation's directory? A failed attempt deletes that
/// directory, but the retry reuses the same view and still needs every delta since
/// its sequence: the file must outlive one attempt. It lives in its own directory
/// next to the generations (``GenerationDirectory/removeLeftovers()`` ignores it);
/// the reprocessor deletes it when the buffer closes and at startup
/// (``removeLeftovers(root:)``), since deltas buffered before a crash are never
/// replayed from it (the sync engine resumes from the live cursors).
///
/// If writing the file fails (disk full), the batch is kept in memory beyond the
/// bound and the failure is reported in the status: memory is the last resort,
/// losing a delta is not an option.
final class DeltaBuffer: Sendable {
    private struct State {
        var accepting = false
        /// The oldest batches: everything here is older than anything spilled.
        var memory = BatchQueue()
        var spill: DeltaSpillFile?
        /// Batches that arrived after spilled ones when the file could not be
        /// written: newer than everything spilled.
        var tail = BatchQueue()
        var received = 0
        var overflowed = 0
        var spillError: String?

        var spilled: Int { spill?.pending ?? 0 }
        var inMemory: Int { memory.count + tail.count }
        var isEmpty: Bool { inMemory == 0 && spilled == 0 }
    }

    /// Batches held in memory before spilling.
    let capacity: Int
    /// The spill file's directory.
    let spillDirectory: URL
    private let state = Mutex(State())
    /// The status as of the last change, readable while a switch holds `state`.
    private let published: Mutex<StagingBufferStatus>
    private let logger: Logger

    /// The spill directory under a tasks root.
    static func spillDirectory(root: URL) -> URL {
        root.appendingPathComponent("staging-deltas", isDirectory: true)
    }

    /// Deletes a spill directory left by a crashed run. Call at startup.
    static func removeLeftovers(root: URL) {
        try? FileManager.default.removeItem(at: spillDirectory(root: root))
    }

    /// A closed, empty buffer holding `capacity` batches in memory.
    init(capacity: Int, root: URL, logger: Logger) {
        self.capacity = max(1, capacity)
        self.spillDirectory = Self.spillDirectory(root: root)
        self.logger = logger
        self.published = Mutex(StagingBufferStatus(capacity: max(1, capacity)))
    }

    /// Whether batches are accepted (as of the last change: never waits for a switch).
    var isAccepting: Bool { published.withLock { $0.accepting } }

    /// Starts accepting batches (idempotent); resets the run's counters when it opens.
    func open() {
        mutate { s in
            guard !s.accepting else { return }
            s.accepting = true
            s.received = 0
            s.overflowed = 0
            s.spillError = nil
        }
    }

    /// Takes `batch`; false when the buffer is closed (the caller processes it live).
    func offer(_ batch: OMEventBatch) -> Bool {
        mutate { s in
            guard s.accepting else { return false }
            s.received += 1
            if s.tail.count > 0 {
                s.tail.append(batch)
                return true
            }
            guard s.spilled > 0 || s.memory.count >= capacity else {
                s.memory.append(batch)
                return true
            }
            s.overflowed += 1
            do {
                if s.spill == nil {
                    try FileManager.default.createDirectory(at: spillDirectory, withIntermediateDirectories: true)
                    s.spill = try DeltaSpillFile(url: spillDirectory.appendingPathComponent("deltas.spill"))
                    logger.notice("the staging delta buffer holds \(capacity) batches: spilling further ones to \(spillDirectory.path)")
                }
                try s.spill!.append(batch)
            } catch {
                if s.spillError == nil {
                    logger.error("spilling a delta batch failed; keeping it in memory beyond the bound: \(error)")
                }
                s.spillError = "\(error)"
                if s.spilled > 0 { s.tail.append(batch) } else { s.memory.append(batch) }
            }
            return true
        }
    }

    /// The oldest batch, or nil when empty (the buffer stays open).
    func pop() throws -> OMEventBatch? {
        try mutate { s in try Self.popLocked(&s) }
    }

    /// The oldest batch; when empty, closes the buffer atomically and returns nil, so
    /// the next ``offer(_:)`` returns false and the caller goes live in order.
    func popOrClose() throws -> OMEventBatch? {
        try mutate { s in
            if let b = try Self.popLocked(&s) { return b }
            closeLocked(&s)
            return nil
        }
    }

    /// When the buffer is empty: runs `body` with the buffer locked (every ``offer(_:)``
    /// waits), then closes it unless `body` threw, and returns true. Returns false
    /// without running `body` when a batch is waiting.
    func closeIfEmpty(_ body: () throws -> Void) throws -> Bool {
        try mutate { s in
            guard s.isEmpty else { return false }
            try body()
            closeLocked(&s)
            return true
        }
    }

    /// Closes the buffer and drops what it holds (shutdown).
    func closeDiscarding() {
        mutate { s in
            s.memory = BatchQueue()
            s.tail = BatchQueue()
            closeLocked(&s)
        }
    }

    /// The buffer's status as of its last change. Never waits, not even while a
    /// switch holds the buffer.
    func status() -> StagingBufferStatus {
        published.withLock { $0 }
    }

    /// Runs `body` under the lock, then publishes the status (also when it throws).
    private func mutate<R: Sendable>(_ body: (inout State) throws -> R) rethrows -> R {
        try state.withLock { s in
            defer { publish(s) }
            return try body(&s)
        }
    }

    private func publish(_ s: State) {
        var b = StagingBufferStatus(capacity: capacity)
        b.inMemory = s.inMemory
        b.spilled = s.spilled
        b.pending = s.inMemory + s.spilled
        b.spilledBytes = s.spill?.pendingBytes ?? 0
        b.received = s.received
        b.overflowed = s.overflowed
        b.accepting = s.accepting
        b.spillError = s.spillError
        published.withLock { $0 = b }
    }

    /// Memory, then the file, then the tail: the order the batches arrived in.
    private static func popLocked(_ s: inout State) throws -> OMEventBatch? {
        if let b = s.memory.popFirst() { return b }
        if let b = try s.spill?.next() { return b }
        return s.tail.popFirst()
    }

    private func closeLocked(_ s: inout State) {
        s.accepting = false
        if let spill = s.spill {
            spill.remove()
            s.spill = nil
            try? FileManager.default.removeItem(at: spillDirectory)
        }
    }
}

/// A FIFO of batches: an array and a head index, compacted as it drains.
struct BatchQueue {
    private var items: [OMEventBatch] = []
    private var head = 0

    /// Batches queued.
    var count: Int { items.count - head }

    /// Appends at the end.
    mutating func append(_ batch: OMEventBatch) { items.append(batch) }

    /// Removes and returns the first batch.
    mutating func popFirst() -> OMEventBatch? {
        guard head < items.count else { return nil }
        let b = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return b
    }
}
