import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The parts of recond's `GET /api/v1/staging` the bench reads (see
/// `Sources/ReconCore/Staging/StagingStatus.swift`).
struct StagingSnapshot: Codable, Sendable {
    /// Scan progress.
    struct Progress: Codable, Sendable {
        /// Records handed to plugins.
        var recordsScanned: UInt64
        /// Scan rate during PROCESSING.
        var recordsPerSecond: Double
    }

    /// Milliseconds per phase (nil: not reached), as recond reports them.
    struct Timings: Codable, Sendable {
        var initializing: Double?
        var processing: Double?
        var catchingUp: Double?
        var readyToCommit: Double?
        var committing: Double?
        var rollingBack: Double?
    }

    /// The delta buffer.
    struct Buffer: Codable, Sendable {
        /// Batches received during the run.
        var received: Int
        /// Batches that spilled to disk.
        var overflowed: Int
    }

    /// NONE, INITIALIZING, PROCESSING, CATCHING_UP, READY_TO_COMMIT, COMMITTING, COMMITTED, ROLLING_BACK, FAILED.
    var state: String
    /// Why the run started (manual, initialStart, ...).
    var trigger: String?
    /// When the current or last run started and ended, Unix ms.
    var startedAt: Int64?
    var finishedAt: Int64?
    /// The attempt, 1-based.
    var attempt: Int
    /// When a retry starts, while backing off.
    var nextAttemptAt: Int64?
    /// The OM sequence of the scanned view.
    var viewSequence: UInt64?
    /// The generation being (or last) built.
    var stagedGeneration: String?
    var progress: Progress
    var buffer: Buffer
    /// The last failed attempt's error.
    var lastError: String?
    /// The last switch's pause and delta-buffer hold, ms.
    var lastSwitchPauseMillis: Double?
    var lastBufferHoldMillis: Double?
    var timings: Timings
}

/// One row of recond's `GET /api/v1/task/status`.
struct TaskStatusRow: Codable, Sendable {
    /// The plugin (or Recon task) name.
    var taskName: String
    /// The OM sequence its data reflects.
    var lastUpdatedSeqNumber: Int64
}

/// The recond endpoints the bench drives.
struct RecondAPI: Sendable {
    /// The client for recond's port.
    let http: BenchHTTP

    /// `GET /api/v1/staging`.
    func staging() async throws -> StagingSnapshot {
        try await http.json("/api/v1/staging")
    }

    /// `GET /api/v1/task/status`.
    func taskStatus() async throws -> [TaskStatusRow] {
        try await http.json("/api/v1/task/status")
    }

    /// The OM sequence visible through the API: the lowest `lastUpdatedSeqNumber` of `plugins`.
    func visibleSequence(plugins: [String]) async throws -> Int64 {
        let rows = try await taskStatus()
        let wanted = rows.filter { plugins.contains($0.taskName) }
        guard let lowest = wanted.map(\.lastUpdatedSeqNumber).min() else {
            throw BenchError("task status has no row for \(plugins)")
        }
        return lowest
    }

    /// `POST /api/v1/triggerdbsync/om/reinit`; throws unless recond accepted (202).
    func triggerReprocess() async throws {
        let answer = try await http.send("/api/v1/triggerdbsync/om/reinit", method: .POST)
        guard answer.status == 202 else {
            throw BenchError("reinit answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
    }

    /// Polls the staging status every `interval` until the run started at or after
    /// `since` (Unix ms) has committed; throws when it failed for good or after `timeout`.
    /// Each poll's answer goes to `observe` (progress lines, samplers).
    func waitForCommit(
        since: Double, timeout: Duration, interval: Duration = .milliseconds(20),
        observe: (StagingSnapshot) -> Void = { _ in }
    ) async throws -> StagingSnapshot {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try? await staging() {
                observe(status)
                // A run started by this trigger (not the previous one, however short): its
                // start is no earlier than `since`, give or take recond's millisecond rounding.
                if let started = status.startedAt, Double(started) >= since.rounded(.down) - 1 {
                    if status.finishedAt != nil, status.state == "COMMITTED" || status.state == "NONE" {
                        return status
                    }
                    if status.state == "FAILED", status.nextAttemptAt == nil {
                        throw BenchError("the staged reprocess failed: \(status.lastError ?? "no error recorded")")
                    }
                }
            }
            try await Task.sleep(for: interval)
        }
        throw BenchError("the staged reprocess did not commit within \(timeout)")
    }
}

/// The omsim endpoints the bench drives (see `Sources/omsim/OMSimControlRoutes.swift`).
struct OMSimAPI: Sendable {
    /// What `GET /status` answers.
    struct Status: Codable, Sendable {
        /// The latest sequence number readers see (held operations left out).
        var latestSequenceNumber: UInt64
        /// Operations made visible since omsim started serving (applied live or published).
        var operations: Int
        /// The rate being applied or published.
        var opsPerSecond: Double
        /// `idle`, `live`, `holding` or `publishing`.
        var mode: String
        /// Operations written but not yet published.
        var heldOperations: Int
    }

    /// The client for omsim's port.
    let http: BenchHTTP

    /// `GET /status`.
    func status() async throws -> Status {
        try await http.json("/status")
    }

    /// `PUT /workload?opsPerSecond=R` (also publishes anything still held).
    func setWriteRate(_ rate: Double) async throws {
        try await expect(200, "/workload?opsPerSecond=\(rate)", .PUT, what: "write rate \(rate)")
    }

    /// `POST /workload/held?operations=N`: omsim starts writing `N` operations held from readers.
    func hold(operations: Int) async throws {
        try await expect(202, "/workload/held?operations=\(operations)", .POST, what: "holding \(operations) operations")
    }

    /// `PUT /workload/held?opsPerSecond=R`: omsim starts publishing the held operations at `R`.
    func publishHeld(rate: Double) async throws {
        try await expect(200, "/workload/held?opsPerSecond=\(rate)", .PUT, what: "publishing at \(rate) operations/s")
    }

    private func expect(_ status: Int, _ path: String, _ method: HTTPMethod, what: String) async throws {
        let answer = try await http.send(path, method: method)
        guard answer.status == status else {
            throw BenchError("omsim refused \(what): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
    }
}
