import Foundation
import Logging
import Synchronization

/// The OM delta batches the kernel hands over while a staged reprocess runs (the
/// kernel stops processing them on the live generation meanwhile): an append-only
/// log, kept whole until the run ends, because every attempt rebuilds from the same
/// view and must replay every delta since its sequence (an attempt that fails after
/// applying some batches to its discarded generation still needs them on retry).
/// Each attempt reads it from the start with its own ``Cursor``. Thread-safe.
///
/// ## Overflow policy: spill to disk, never drop, never restart
///
/// Up to `capacity` batches (`staging.event_buffer`) stay in memory; every further
/// batch of the run is appended to a scratch file, `<tasks>/staging-deltas/
/// deltas.spill`, and read back in order during catch-up. Memory stays bounded by
/// `capacity` batches however long the run takes.
///
/// Why not restart the reprocess from a newer view (what Recon does on overflow:
/// drop the queue and queue another full reinit)? Because a reprocess long enough to
/// overflow the buffer once will overflow it again under the same write load:
/// restarting throws away the scan work, can livelock, and meanwhile the API serves
/// an ever older generation. Spilling keeps memory bounded, always finishes, and
/// costs disk in proportion to the deltas (which the OM replica already holds once);
/// catch-up then applies them exactly as the live path would.
///
/// Why not under the staged generation's directory? A failed attempt deletes that
/// directory, but the retry reuses the same view and still needs every delta since
/// its sequence: the file must outlive one attempt. It lives in its own directory
/// next to the generations (``GenerationDirectory/removeLeftovers()`` ignores it);
/// it is deleted when the buffer closes and at startup
/// (``StagedReprocessor/removeLeftovers(root:)``): deltas buffered before a crash are
/// never replayed from it (the replica already holds them; a new reprocess does).
///
/// If writing the file fails (disk full), the batch is kept in memory beyond the
/// bound (after the spilled ones, so order holds) and the failure is reported in
/// the status: memory is the last resort, losing a delta is not an option.
final class DeltaBuffer: Sendable {
    /// A read position in the log: the next batch's index, and where its frame
    /// starts when it is in the spill file.
    struct Cursor: Sendable, Equatable {
        var index = 0
        var spillOffset: UInt64 = 0

        /// The start of the log.
        static let start = Cursor()
    }

    private struct State {
        var accepting = false
        /// The log, in order: `memory`, then the spill file's frames, then `tail`.
        var memory: [OMEventBatch] = []
        var spill: DeltaSpillFile?
        /// Batches after spilled ones that could not be written to the file.
        var tail: [OMEventBatch] = []
        var received = 0
        var overflowed = 0
        var spillError: String?
        /// The position of the attempt reading the log (for the status).
        var read = Cursor.start

        var spilled: Int { spill?.count ?? 0 }
        var total: Int { memory.count + spilled + tail.count }
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

    /// Starts accepting batches (idempotent); a closed buffer opens empty.
    func open() {
        mutate { s in
            guard !s.accepting else { return }
            s.accepting = true
            s.received = 0
            s.overflowed = 0
            s.spillError = nil
            s.read = .start
        }
    }

    /// Appends `batch`; false when the buffer is closed (the caller processes it live).
    func offer(_ batch: OMEventBatch) -> Bool {
        mutate { s in
            guard s.accepting else { return false }
            s.received += 1
            if !s.tail.isEmpty {
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

    /// The batch at `cursor` (advancing it), or nil at the end of the log.
    func next(_ cursor: inout Cursor) throws -> OMEventBatch? {
        let (batch, after) = try mutate { s in try Self.read(s, at: cursor) }
        if batch != nil { cursor = after }
        return batch
    }

    /// The batch at `cursor` and the cursor after it; at the end of the log, closes
    /// the buffer atomically and returns nil, so the next ``offer(_:)`` returns false
    /// and the caller goes live in order.
    func nextOrClose(_ cursor: Cursor) throws -> (batch: OMEventBatch, next: Cursor)? {
        try mutate { s in
            let (batch, after) = try Self.read(s, at: cursor)
            if let batch { return (batch, after) }
            closeLocked(&s)
            return nil
        }
    }

    /// When `cursor` is at the end of the log: runs `body` with the buffer locked
    /// (every ``offer(_:)`` waits), then closes it unless `body` threw, and returns
    /// true. Returns false without running `body` when a batch is unread.
    func closeIfRead(upTo cursor: Cursor, _ body: () throws -> Void) throws -> Bool {
        try mutate { s in
            guard cursor.index >= s.total else { return false }
            try body()
            closeLocked(&s)
            return true
        }
    }

    /// Closes the buffer and drops what it holds.
    func closeDiscarding() {
        mutate { s in closeLocked(&s) }
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
        b.held = s.total
        b.pending = max(0, s.total - s.read.index)
        b.inMemory = s.memory.count + s.tail.count
        b.spilled = s.spilled
        b.spilledBytes = s.spill?.size ?? 0
        b.received = s.received
        b.overflowed = s.overflowed
        b.accepting = s.accepting
        b.spillError = s.spillError
        published.withLock { $0 = b }
    }

    /// Reads the batch at `cursor`: memory, then the file, then the tail.
    private static func read(_ s: State, at cursor: Cursor) throws -> (OMEventBatch?, Cursor) {
        let m = s.memory.count, f = s.spilled
        var next = cursor
        next.index += 1
        if cursor.index < m { return (s.memory[cursor.index], next) }
        if cursor.index < m + f, let spill = s.spill {
            let (batch, after) = try spill.read(at: cursor.spillOffset)
            next.spillOffset = after
            return (batch, next)
        }
        if cursor.index < m + f + s.tail.count { return (s.tail[cursor.index - m - f], next) }
        return (nil, cursor)
    }

    private func closeLocked(_ s: inout State) {
        s.accepting = false
        s.memory = []
        s.tail = []
        s.read = .start
        if let spill = s.spill {
            spill.remove()
            s.spill = nil
            try? FileManager.default.removeItem(at: spillDirectory)
        }
    }

    /// Records how far the current attempt has read (for the status's `pending`).
    func noteRead(_ cursor: Cursor) {
        mutate { $0.read = cursor }
    }
}
