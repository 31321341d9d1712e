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

    /// Visits the OM keys of `table` starting with `prefix`, in order, each with its
    /// value and the host's decoded view of it (nil when the host does not decode the
    /// table): one scan, no point read per key. Return `true` to continue. On a host
    /// older than ABI 1.1 it falls back to a scan plus ``withOMRecord(_:_:_:)`` per
    /// key. Not allowed during reprocess.
    public func omScanPrefixRecords(
        _ table: String, prefix: some ReconBytesConvertible,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, _ record: Record?) throws -> Bool
    ) throws {
        let call = callContext
        guard let scan = call.functions.omScanPrefixRecords else {
            var entries: [([UInt8], [UInt8])] = []
            try omScanPrefix(table, prefix: prefix) { key, value in
                entries.append((Array(key), Array(value)))
                return true
            }
            for (key, value) in entries {
                let goOn = try withOMRecord(table, key) { record in
                    try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try visit(k, v, record) } }
                }
                if !goOn { return }
            }
            return
        }
        try withRecordVisitor(visit) { fn, user in
            let status = table.withReconStr { t in
                prefix.withReconBytes { scan(call.ctx, t, $0.recon, fn, user) }
            }
            return (status, "om_scan_prefix_records(\(table))")
        }
    }
}

/// The state behind a `recon_om_record_visit_fn`'s `user` pointer.
private final class RecordVisitor {
    let visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Record?) throws -> Bool
    var error: (any Error)?
    init(_ visit: @escaping (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Record?) throws -> Bool) {
        self.visit = visit
    }
}

/// The C visitor: calls the Swift closure, keeps its error, never lets it unwind.
private func recordVisitThunk(
    _ user: UnsafeMutableRawPointer?, _ key: recon_bytes, _ value: recon_bytes, _ record: UnsafePointer<recon_record>?
) -> recon_status {
    guard let user else { return Int32(RECON_ERR_INVALID) }
    let visitor = Unmanaged<RecordVisitor>.fromOpaque(user).takeUnretainedValue()
    do {
        let more = try visitor.visit(UnsafeRawBufferPointer(key), UnsafeRawBufferPointer(value), Record(record))
        return Int32(more ? RECON_OK : RECON_STOP)
    } catch {
        visitor.error = error
        return Int32(RECON_STOP)
    }
}

/// Runs a host record scan with `visit` behind a C callback (see ``withVisitor(_:_:)``).
private func withRecordVisitor(
    _ visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Record?) throws -> Bool,
    _ run: (recon_om_record_visit_fn, UnsafeMutableRawPointer) -> (recon_status, String)
) throws {
    try withoutActuallyEscaping(visit) { visit in
        let visitor = RecordVisitor(visit)
        let (status, what) = withExtendedLifetime(visitor) {
            run(recordVisitThunk, Unmanaged.passUnretained(visitor).toOpaque())
        }
        try checkIteration(status, what, visitorError: visitor.error)
    }
}
