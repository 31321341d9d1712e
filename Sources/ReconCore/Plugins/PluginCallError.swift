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

    /// The ABI name of a status code.
    public static func statusName(_ status: Int32) -> String {
        switch Int(status) {
        case RECON_OK: "RECON_OK"
        case RECON_NOT_FOUND: "RECON_NOT_FOUND"
        case RECON_STOP: "RECON_STOP"
        case RECON_RETRY: "RECON_RETRY"
        case RECON_ERR_INVALID: "RECON_ERR_INVALID"
        case RECON_ERR_IO: "RECON_ERR_IO"
        case RECON_ERR_FAILED: "RECON_ERR_FAILED"
        case RECON_ERR_FATAL: "RECON_ERR_FATAL"
        default: "status \(status)"
        }
    }
}
