/// Which API paths need an admin token, following Recon: its admin-only endpoint
/// classes (volumes, buckets, cluster state, containers, OM DB insights under
/// /keys, task status, utilization) plus the sync triggers. Plugin routes may also
/// declare themselves admin-only.
public struct AdminPolicy: Sendable {
    /// Path prefixes under `/api/v1` that are admin-only.
    public var adminPrefixes: [String]

    /// Recon's list.
    public static let recon = AdminPolicy(adminPrefixes: [
        "/buckets", "/clusterState", "/containers", "/keys", "/task", "/utilization", "/volumes",
        "/triggerdbsync",
    ])

    /// Whether `path` (under `/api/v1`) is admin-only.
    public func isAdminOnly(apiPath path: String) -> Bool {
        adminPrefixes.contains { prefix in
            path == prefix || path.hasPrefix(prefix + "/")
        }
    }
}
