import CReconTask

/// The Swift object behind a `recon_response *`: what a plugin's handler wrote.
public final class HTTPResponseBuffer {
    /// HTTP status; nil until the plugin sets one.
    public var status: Int?
    /// Headers in the order written.
    public var headers: [(String, String)] = []
    /// The body.
    public var body: [UInt8] = []

    /// Creates an empty response.
    public init() {}

    /// Runs `body` with this buffer as a `recon_response *`.
    func withCPointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(OpaquePointer(Unmanaged.passUnretained(self).toOpaque()))
        }
    }

    /// The buffer behind a `recon_response *`.
    static func from(_ resp: OpaquePointer?) -> HTTPResponseBuffer? {
        guard let resp else { return nil }
        return Unmanaged<HTTPResponseBuffer>.fromOpaque(UnsafeRawPointer(resp)).takeUnretainedValue()
    }
}
