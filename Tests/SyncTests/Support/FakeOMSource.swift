import OzoneFormat
import ReconCore
import Synchronization

/// An ``OMSource`` over a ``FakeOM`` with fault injection.
final class FakeOMSource: OMSource {
    struct Faults {
        /// Every `updates` call throws `sequenceNumberNotFound` (WAL purged).
        var purged = false
        /// Served instead of a real checkpoint.
        var tarOverride: [UInt8]?
        /// Rewrites the batches of the next non-empty response.
        var corruptNextResponse: (@Sendable ([[UInt8]]) -> [[UInt8]])?
        /// `updates` waits here (after opening `entered`) until it opens.
        var gate: Gate?
        var entered: Gate?
        /// Checkpoint chunk size.
        var chunkSize = 997
    }

    let om: FakeOM
    let faults = Mutex(Faults())
    let checkpointDownloads = Mutex(0)
    let updateCalls = Mutex(0)

    init(om: FakeOM) { self.om = om }

    func downloadCheckpoint(into sink: @Sendable (ArraySlice<UInt8>) async throws -> Void) async throws {
        checkpointDownloads.withLock { $0 += 1 }
        let (override, chunk) = faults.withLock { ($0.tarOverride, $0.chunkSize) }
        let tar = try override ?? om.checkpointTar()
        var i = 0
        while i < tar.count {
            let end = min(tar.count, i + chunk)
            try await sink(tar[i..<end])
            i = end
        }
    }

    /// Holds every later `updates` request until `gate` opens; `entered` opens when the
    /// first held request arrives.
    func holdRequests() -> (gate: Gate, entered: Gate) {
        let gate = Gate()
        let entered = Gate()
        faults.withLock { $0.gate = gate; $0.entered = entered }
        return (gate, entered)
    }

    /// Lets later `updates` requests through (one already held waits for its gate).
    func stopHoldingRequests() {
        faults.withLock { $0.gate = nil; $0.entered = nil }
    }

    func updates(since sequence: UInt64, limit: Int) async throws -> OMDeltaUpdates {
        updateCalls.withLock { $0 += 1 }
        let (gate, entered) = faults.withLock { ($0.gate, $0.entered) }
        if let gate {
            entered?.open()
            await gate.wait()
        }
        if faults.withLock({ $0.purged }) {
            throw OMSourceError.sequenceNumberNotFound("requested sequence \(sequence) is not in the WAL")
        }
        var response = try om.updates(since: sequence, limit: limit)
        var out = response.batches
        if !out.isEmpty, let corrupt = faults.withLock({ f -> (@Sendable ([[UInt8]]) -> [[UInt8]])? in
            defer { f.corruptNextResponse = nil }
            return f.corruptNextResponse
        }) {
            out = corrupt(out)
        }
        response.batches = out
        return response
    }
}

/// A one-shot gate: `wait()` returns once `open()` was called.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { c in
            let now = state.withLock { s -> Bool in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}

/// Collects what the engine hands to the kernel.
final class SinkRecorder: Sendable {
    let batches = Mutex<[OMEventBatch]>([])
    let snapshots = Mutex<[UInt64]>([])

    var onEvents: OMSyncEngine.EventSink { { [self] batch in batches.withLock { $0.append(batch) } } }
    var onSnapshot: OMSyncEngine.SnapshotSink { { [self] seq in snapshots.withLock { $0.append(seq) } } }
}
