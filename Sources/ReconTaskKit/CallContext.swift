import CReconTask

/// One plugin call's handle on the host: the `recon_ctx` of the callback plus the
/// plugin's service table. Valid only during the callback that received it.
public struct CallContext {
    let runtime: PluginRuntime
    /// The raw `recon_ctx *` of this call, for code that calls the C table directly.
    public let ctx: OpaquePointer?

    init(runtime: PluginRuntime, ctx: OpaquePointer?) {
        self.runtime = runtime
        self.ctx = ctx
    }

    var functions: HostFunctions { runtime.functions }

    /// The raw host service table, for code that calls the C ABI directly.
    public var host: UnsafePointer<recon_host> { runtime.functions.host }

    /// Throws a ``ReconTaskError`` carrying `status` unless it is `RECON_OK`.
    func check(_ status: recon_status, _ what: @autoclosure () -> String) throws {
        guard status != Int32(RECON_OK) else { return }
        throw ReconTaskError(
            .init(status: status), "\(what()) failed: host returned \(statusName(status))")
    }
}

/// Anything that carries a ``CallContext``: ``TaskHost`` during create, ``Transaction``
/// and ``ReadView`` during the other callbacks. Logging and metrics work on all of them.
public protocol CallScope {
    /// The call's handle on the host.
    var callContext: CallContext { get }
}

/// Severity of a log line.
public enum LogLevel: UInt32, Sendable {
    /// `RECON_LOG_TRACE`.
    case trace = 0
    /// `RECON_LOG_DEBUG`.
    case debug = 1
    /// `RECON_LOG_INFO`.
    case info = 2
    /// `RECON_LOG_WARNING`.
    case warning = 3
    /// `RECON_LOG_ERROR`.
    case error = 4
}

extension CallScope {
    /// Logs `message` through the host's logger, labelled with the plugin's name.
    public func log(_ level: LogLevel, _ message: String) {
        let call = callContext
        var message = message
        message.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                call.functions.log(call.ctx, level.rawValue, $0.baseAddress, $0.count)
            }
        }
    }
}
