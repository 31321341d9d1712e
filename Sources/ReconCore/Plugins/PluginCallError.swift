import CReconTask

/// A plugin callback that returned a non-OK status.
public struct PluginCallError: Error, Sendable, CustomStringConvertible {
    /// The plugin's name.
    public var plugin: String
    /// The callback, e.g. `process`.
    public var callback: String
    /// The status it returned.
    public var status: Int32
    /// The message it set with `set_error` (or a host explanation).
    public var message: String

    /// Whether the plugin asked for a retry (`RECON_RETRY`).
    public var isRetryable: Bool { status == recon_status(RECON_RETRY) }
    /// Whether the plugin declared itself unable to continue (`RECON_ERR_FATAL`).
    public var isFatal: Bool { status == recon_status(RECON_ERR_FATAL) }

    /// `plugin 'x' process failed (RECON_ERR_FAILED): message`
    public var description: String {
        "plugin '\(plugin)' \(callback) failed (\(Self.statusName(status))): \(message)"
    }

    /// The ABI name of a status code (`recon_status_name` from recon_task.h).
    public static func statusName(_ status: Int32) -> String {
        recon_status_name(status).map { String(cString: $0) } ?? "status \(status)"
    }

}
