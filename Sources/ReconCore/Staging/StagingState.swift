/// Where a staged reprocess is (DESIGN §5). One run walks
/// `NONE → INITIALIZING → PROCESSING → CATCHING_UP → READY_TO_COMMIT → COMMITTING →
/// COMMITTED → NONE`; a failure at any step before the switch walks
/// `ROLLING_BACK → FAILED`, then (after the backoff) `INITIALIZING` again, or stays
/// `FAILED` once the retries are exhausted.
public enum StagingState: String, Sendable, Codable, CaseIterable {
    /// No staged reprocess.
    case none = "NONE"
    /// Creating the staged generation and preparing every plugin's store.
    case initializing = "INITIALIZING"
    /// The shared parallel scan and the plugins' merges.
    case processing = "PROCESSING"
    /// Applying the deltas buffered since the view's sequence.
    case catchingUp = "CATCHING_UP"
    /// Validating cursors and making the staged generation durable.
    case readyToCommit = "READY_TO_COMMIT"
    /// Switching CURRENT and the live handle.
    case committing = "COMMITTING"
    /// The staged generation is live.
    case committed = "COMMITTED"
    /// Closing and deleting the staged generation after a failure.
    case rollingBack = "ROLLING_BACK"
    /// The last attempt failed (a retry may be scheduled; see ``StagingStatus``).
    case failed = "FAILED"

    /// The value of the `recon_staging_state` gauge: the case's position above.
    public var gaugeValue: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// Why a staged reprocess started.
public enum StagingTrigger: String, Sendable, Codable, CaseIterable {
    /// The first start: no generation was built from the OM yet.
    case initialStart
    /// A full OM snapshot (checkpoint) was installed.
    case snapshotInstalled
    /// A plugin failed a batch twice.
    case taskFailures
    /// An operator asked for it.
    case manual
    /// A plugin was added, removed or changed version.
    case pluginChanged
    /// The kernel's live event buffer overflowed.
    case bufferOverflow
}

/// One plugin's part in the current staged reprocess.
public enum StagingPluginState: String, Sendable, Codable {
    /// Its store is not prepared yet.
    case pending
    /// Its store is prepared; the scan is running.
    case processing
    /// Its reprocess merged (or, without reprocess support, its empty store is at the view's sequence).
    case merged
    /// Every buffered delta is applied.
    case caughtUp = "caught_up"
    /// It failed this attempt.
    case failed
}

/// Points where a test can make a staged reprocess fail (see
/// ``StagedReprocessor/faultInjector``). Throwing ``SimulatedCrash`` there stops the
/// run on the spot without any cleanup, leaving the disk as a `kill -9` would.
package enum StagingFaultPoint: String, Sendable, CaseIterable {
    /// Before each `reprocess_chunk` call (on a scan worker thread).
    case reprocessChunk
    /// Before each `reprocess_merge` call.
    case merge
    /// Before each buffered batch is applied during catch-up.
    case catchUp
    /// After the staged generation is durable and marked complete, before CURRENT changes.
    case beforeSwitch
    /// After CURRENT names the staged generation, before the live handle swaps.
    case afterSwitch
}

/// Thrown by a test's fault injector to simulate a crash: the reprocessor stops
/// immediately, closes its handles and deletes nothing.
package struct SimulatedCrash: Error, Equatable {
    /// Where the crash happened.
    package var point: StagingFaultPoint
    /// A crash at `point`.
    package init(at point: StagingFaultPoint) { self.point = point }
}

/// Failures of a staged reprocess itself (plugin and storage failures keep their own types).
public enum StagingError: Error, Sendable, CustomStringConvertible, Equatable {
    /// ``StagedReprocessor/run(trigger:view:)`` was called while a run is active.
    case alreadyRunning
    /// A staged generation failed its validation before the switch.
    case validation(String)
    /// The run was cancelled (shutdown).
    case cancelled

    /// One line.
    public var description: String {
        switch self {
        case .alreadyRunning: "a staged reprocess is already running"
        case .validation(let why): "the staged generation failed validation: \(why)"
        case .cancelled: "the staged reprocess was cancelled"
        }
    }
}
