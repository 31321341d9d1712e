import CReconTask

/// The host's service table, checked once at create time and copied into non-optional
/// function pointers so that no later call has to unwrap.
struct HostFunctions: @unchecked Sendable {
    typealias Ctx = OpaquePointer?

    let host: UnsafePointer<recon_host>
    let setError: @convention(c) (Ctx, UnsafePointer<CChar>?, Int) -> Void
    let log: @convention(c) (Ctx, UInt32, UnsafePointer<CChar>?, Int) -> Void
    let metricRegister: @convention(c) (
        Ctx, UInt32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<UInt32>?
    ) -> recon_status
    let metricRecord: @convention(c) (Ctx, UInt32, Double) -> Void
    let kvGet: @convention(c) (Ctx, UInt32, recon_bytes, UnsafeMutablePointer<recon_bytes>?) -> recon_status
    let kvPut: @convention(c) (Ctx, UInt32, recon_bytes, recon_bytes) -> recon_status
    let kvDelete: @convention(c) (Ctx, UInt32, recon_bytes) -> recon_status
    let kvScan: @convention(c) (
        Ctx, UInt32, recon_bytes, recon_bytes, recon_kv_visit_fn?, UnsafeMutableRawPointer?
    ) -> recon_status
    let sqlExec: @convention(c) (
        Ctx, UnsafePointer<CChar>?, Int, UnsafePointer<recon_sql_value>?, recon_sql_row_fn?,
        UnsafeMutableRawPointer?
    ) -> recon_status
    let omGet: @convention(c) (Ctx, recon_str, recon_bytes, UnsafeMutablePointer<recon_bytes>?) -> recon_status
    let omGetRecord: @convention(c) (
        Ctx, recon_str, recon_bytes, UnsafeMutablePointer<UnsafePointer<recon_record>?>?
    ) -> recon_status
    let omScanPrefix: @convention(c) (
        Ctx, recon_str, recon_bytes, recon_kv_visit_fn?, UnsafeMutableRawPointer?
    ) -> recon_status
    let responseStatus: @convention(c) (OpaquePointer?, UInt32) -> Void
    let responseHeader: @convention(c) (OpaquePointer?, recon_str, recon_str) -> Void
    let responseWrite: @convention(c) (OpaquePointer?, recon_bytes) -> Void
    /// ABI 1.1; nil on an older host.
    let omScanPrefixRecords: (@convention(c) (
        Ctx, recon_str, recon_bytes, recon_om_record_visit_fn?, UnsafeMutableRawPointer?
    ) -> recon_status)?

    /// Checks the table; on failure returns the message explaining what is missing.
    static func check(_ host: UnsafePointer<recon_host>) -> Result<HostFunctions, ReconTaskError> {
        let h = host.pointee
        // ABI 1.0's table ends where the first 1.1 function starts.
        let needed = MemoryLayout<recon_host>.offset(of: \.om_scan_prefix_records)!
        guard h.struct_size >= needed else {
            return .failure(.invalid(
                "host service table has \(h.struct_size) bytes, this plugin needs \(needed)"))
        }
        let present: [(String, Bool)] = [
            ("set_error", h.set_error != nil), ("log", h.log != nil),
            ("metric_register", h.metric_register != nil), ("metric_record", h.metric_record != nil),
            ("kv_get", h.kv_get != nil), ("kv_put", h.kv_put != nil), ("kv_delete", h.kv_delete != nil),
            ("kv_scan", h.kv_scan != nil), ("sql_exec", h.sql_exec != nil), ("om_get", h.om_get != nil),
            ("om_get_record", h.om_get_record != nil), ("om_scan_prefix", h.om_scan_prefix != nil),
            ("response_status", h.response_status != nil), ("response_header", h.response_header != nil),
            ("response_write", h.response_write != nil),
        ]
        guard let setError = h.set_error, let log = h.log,
              let metricRegister = h.metric_register, let metricRecord = h.metric_record,
              let kvGet = h.kv_get, let kvPut = h.kv_put, let kvDelete = h.kv_delete,
              let kvScan = h.kv_scan, let sqlExec = h.sql_exec, let omGet = h.om_get,
              let omGetRecord = h.om_get_record, let omScanPrefix = h.om_scan_prefix,
              let responseStatus = h.response_status, let responseHeader = h.response_header,
              let responseWrite = h.response_write
        else {
            let missing = present.filter { !$0.1 }.map(\.0).joined(separator: ", ")
            return .failure(.invalid("host service table has NULL functions: \(missing)"))
        }
        return .success(HostFunctions(
            host: host, setError: setError, log: log, metricRegister: metricRegister,
            metricRecord: metricRecord, kvGet: kvGet, kvPut: kvPut, kvDelete: kvDelete,
            kvScan: kvScan, sqlExec: sqlExec, omGet: omGet, omGetRecord: omGetRecord,
            omScanPrefix: omScanPrefix, responseStatus: responseStatus,
            responseHeader: responseHeader, responseWrite: responseWrite,
            omScanPrefixRecords: h.struct_size >= MemoryLayout<recon_host>.size ? h.om_scan_prefix_records : nil))
    }

    /// Hands `message` to the host's `set_error` for `ctx`.
    func setError(_ ctx: Ctx, _ message: String) {
        var message = message
        message.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { setError(ctx, $0.baseAddress, $0.count) }
        }
    }
}
