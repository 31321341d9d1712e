import CReconTask

/// An error with a status the host understands.
///
/// Throw it from any ``ReconTask`` method to choose the status the host receives; any
/// other error becomes ``Code/failed`` with the error's description as the message.
/// Errors thrown by the SDK when a host service fails carry that service's status, so
/// rethrowing them passes the host's verdict (for example ``Code/retry``) back.
public struct ReconTaskError: Error, CustomStringConvertible, Sendable {
    /// The status reported to the host.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The `recon_status` value.
        public let status: Int32

        /// Creates a code from a raw `recon_status`.
        public init(status: Int32) { self.status = status }

        /// `RECON_RETRY`: a transient failure; the host retries the same call later.
        public static let retry = Code(status: Int32(RECON_RETRY))
        /// `RECON_ERR_INVALID`: a bad argument or a call not allowed here.
        public static let invalid = Code(status: Int32(RECON_ERR_INVALID))
        /// `RECON_ERR_IO`: a storage failure.
        public static let io = Code(status: Int32(RECON_ERR_IO))
        /// `RECON_ERR_FAILED`: the operation failed.
        public static let failed = Code(status: Int32(RECON_ERR_FAILED))
        /// `RECON_ERR_FATAL`: the plugin cannot continue; the host disables it.
        public static let fatal = Code(status: Int32(RECON_ERR_FATAL))

        /// The status's name, e.g. `RECON_RETRY`.
        public var description: String { statusName(status) }
    }

    /// The status reported to the host.
    public var code: Code
    /// The message handed to the host's `set_error`.
    public var message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A transient failure: the host retries the same call later.
    public static func retry(_ message: String) -> ReconTaskError { .init(.retry, message) }
    /// A bad argument or a call not allowed in this context.
    public static func invalid(_ message: String) -> ReconTaskError { .init(.invalid, message) }
    /// A storage failure.
    public static func io(_ message: String) -> ReconTaskError { .init(.io, message) }
    /// A failure of this call.
    public static func failed(_ message: String) -> ReconTaskError { .init(.failed, message) }
    /// A failure after which the plugin cannot continue: the host disables it.
    public static func fatal(_ message: String) -> ReconTaskError { .init(.fatal, message) }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }
}

extension ReconTaskError {
    /// Maps any error to the status and message handed across the boundary.
    static func statusAndMessage(for error: any Error) -> (recon_status, String) {
        if let error = error as? ReconTaskError {
            // Never report success or a non-error status for a thrown error.
            let status = error.code.status
            let valid = status >= Int32(RECON_RETRY) && status <= Int32(RECON_ERR_FATAL)
            return (valid ? status : Int32(RECON_ERR_FAILED), error.message)
        }
        return (Int32(RECON_ERR_FAILED), describe(error))
    }

    /// A message for an arbitrary error: its description when it has one, otherwise
    /// `Type.case` (a bare enum case name alone says too little in a log).
    private static func describe(_ error: any Error) -> String {
        if let error = error as? any CustomStringConvertible { return error.description }
        return "\(type(of: error)).\(error)"
    }
}

/// The name of a `recon_status` value (`recon_status_name` from recon_task.h).
func statusName(_ status: Int32) -> String {
    recon_status_name(status).map { String(cString: $0) } ?? "status \(status)"
}
