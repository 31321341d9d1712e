/// The answer to a request for a full reprocess (`POST /api/v1/triggerdbsync/om/reinit`).
public enum ReprocessRequestResult: Sendable, Equatable {
    /// Queued: a staged reprocess starts now.
    case accepted(String)
    /// Not now, with the reason (no OM replica yet, one already running, ...).
    case retry(String)
}
