/// Whether a plugin is receiving batches.
public enum PluginRunState: String, Sendable, Codable {
    /// Processing batches as they come.
    case active
    /// Failed a batch twice; it receives no batches until a reprocess rebuilds it.
    case failed
}

/// What happened to one plugin in one batch.
public enum PluginBatchOutcome: Sendable, Equatable {
    /// Processed and committed with the batch's last sequence as cursor.
    case committed(attempts: Int)
    /// Skipped: its cursor already covers the batch (replay after a restart).
    case alreadyApplied
    /// Skipped: the plugin is in the failed state.
    case skippedFailed
    /// Failed twice; the messages of both attempts.
    case failed([String])
}
