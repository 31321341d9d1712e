import CReconTask

extension StoreReader {
    /// Reads one value of the OM replica, copied; `nil` when absent. `table` is an OM
    /// column family. During process the replica is as of the batch being processed;
    /// during reprocess, as of the snapshot being scanned.
    public func omGet(_ table: String, _ key: some ReconBytesConvertible) throws -> [UInt8]? {
        try withOMValue(table, key) { $0.map { Array($0) } }
    }

    /// Reads one value of the OM replica without copying: `body` receives borrowed
    /// bytes (or `nil` when absent), valid only inside `body`.
    public func withOMValue<R>(
        _ table: String, _ key: some ReconBytesConvertible, _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        let call = callContext
        var out = recon_bytes(ptr: nil, len: 0)
        let status = table.withReconStr { t in
            key.withReconBytes { call.functions.omGet(call.ctx, t, $0.recon, &out) }
        }
        if status == Int32(RECON_NOT_FOUND) { return try body(nil) }
        try call.check(status, "om_get(\(table))")
        return try body(UnsafeRawBufferPointer(out))
    }

    /// Reads one value of the OM replica as the host's decoded view: `body` receives it
    /// (or `nil` when the key is absent or the table is not decoded), valid only inside
    /// `body`.
    public func withOMRecord<R>(
        _ table: String, _ key: some ReconBytesConvertible, _ body: (Record?) throws -> R
    ) throws -> R {
        let call = callContext
        var out: UnsafePointer<recon_record>?
        let status = table.withReconStr { t in
            key.withReconBytes { call.functions.omGetRecord(call.ctx, t, $0.recon, &out) }
        }
        if status == Int32(RECON_NOT_FOUND) { return try body(nil) }
        try call.check(status, "om_get_record(\(table))")
        return try body(Record(out))
    }

    /// Visits the OM keys of `table` starting with `prefix`, in order. Return `true` to
    /// continue, `false` to stop. Not allowed during reprocess (the host runs one shared
    /// scan for every plugin).
    public func omScanPrefix(
        _ table: String, prefix: some ReconBytesConvertible,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let call = callContext
        try withVisitor(visit) { fn, user in
            let status = table.withReconStr { t in
                prefix.withReconBytes { call.functions.omScanPrefix(call.ctx, t, $0.recon, fn, user) }
            }
            return (status, "om_scan_prefix(\(table))")
        }
    }
}
