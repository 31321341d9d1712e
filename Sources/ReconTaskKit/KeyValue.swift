import CReconTask

extension StoreReader {
    /// Reads the value of `key` in `table`, copied; `nil` when the key is absent.
    /// Through a ``Transaction`` it sees the transaction's own writes.
    public func kvGet(_ table: KVTable, _ key: some ReconBytesConvertible) throws -> [UInt8]? {
        try withKVValue(table, key) { $0.map { Array($0) } }
    }

    /// Reads the value of `key` in `table` without copying: `body` receives the host's
    /// borrowed bytes (or `nil` when absent), valid only inside `body`.
    public func withKVValue<R>(
        _ table: KVTable, _ key: some ReconBytesConvertible,
        _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        let call = callContext
        let index = try call.kvIndex(table)
        var out = recon_bytes(ptr: nil, len: 0)
        let status = key.withReconBytes { call.functions.kvGet(call.ctx, index, $0.recon, &out) }
        if status == Int32(RECON_NOT_FOUND) { return try body(nil) }
        try call.check(status, "kv_get")
        return try body(UnsafeRawBufferPointer(out))
    }

    /// Visits the keys of `table` in `[start, end)` in bytewise order; an empty `end`
    /// means "to the last key". Return `true` from `visit` to continue, `false` to stop.
    /// The key and value are borrowed for one visit. Through a ``Transaction`` the scan
    /// sees committed data only.
    public func kvScan(
        _ table: KVTable, from start: some ReconBytesConvertible = [UInt8](),
        to end: some ReconBytesConvertible = [UInt8](),
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let call = callContext
        let index = try call.kvIndex(table)
        try withVisitor(visit) { fn, user in
            let status = start.withReconBytes { s in
                end.withReconBytes { e in call.functions.kvScan(call.ctx, index, s.recon, e.recon, fn, user) }
            }
            return (status, "kv_scan")
        }
    }
}

extension Transaction {
    /// Writes `value` under `key` in `table`, inside the host transaction.
    public func kvPut(
        _ table: KVTable, _ key: some ReconBytesConvertible, _ value: some ReconBytesConvertible
    ) throws {
        let call = callContext
        let index = try call.kvIndex(table)
        let status = key.withReconBytes { k in
            value.withReconBytes { v in call.functions.kvPut(call.ctx, index, k.recon, v.recon) }
        }
        try call.check(status, "kv_put")
    }

    /// Deletes `key` from `table`, inside the host transaction. Deleting an absent key
    /// is not an error.
    public func kvDelete(_ table: KVTable, _ key: some ReconBytesConvertible) throws {
        let call = callContext
        let index = try call.kvIndex(table)
        let status = key.withReconBytes { call.functions.kvDelete(call.ctx, index, $0.recon) }
        if status == Int32(RECON_NOT_FOUND) { return }
        try call.check(status, "kv_delete")
    }
}

/// The state behind a `recon_kv_visit_fn`'s `user` pointer.
private final class KVVisitor {
    let visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    var error: (any Error)?
    init(_ visit: @escaping (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) {
        self.visit = visit
    }
}

/// The C visitor: calls the Swift closure, keeps its error, never lets it unwind.
private func kvVisitThunk(_ user: UnsafeMutableRawPointer?, _ key: recon_bytes, _ value: recon_bytes) -> recon_status {
    guard let user else { return Int32(RECON_ERR_INVALID) }
    let visitor = Unmanaged<KVVisitor>.fromOpaque(user).takeUnretainedValue()
    do {
        let more = try visitor.visit(UnsafeRawBufferPointer(key), UnsafeRawBufferPointer(value))
        return Int32(more ? RECON_OK : RECON_STOP)
    } catch {
        visitor.error = error
        return Int32(RECON_STOP)
    }
}

/// Runs a host iteration with `visit` behind a C callback; rethrows the closure's own
/// error, otherwise turns a failing status into a ``ReconTaskError``.
func withVisitor(
    _ visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool,
    _ run: (recon_kv_visit_fn, UnsafeMutableRawPointer) -> (recon_status, String)
) throws {
    try withoutActuallyEscaping(visit) { visit in
        let visitor = KVVisitor(visit)
        let (status, what) = withExtendedLifetime(visitor) {
            run(kvVisitThunk, Unmanaged.passUnretained(visitor).toOpaque())
        }
        try checkIteration(status, what, visitorError: visitor.error)
    }
}

/// The end of a host iteration: the visitor's own error first; a stop or an empty
/// result is fine; any other status but OK becomes a ``ReconTaskError``.
func checkIteration(_ status: recon_status, _ what: String, visitorError: (any Error)?) throws {
    if let visitorError { throw visitorError }
    if status == Int32(RECON_STOP) || status == Int32(RECON_NOT_FOUND) { return }
    guard status == Int32(RECON_OK) else {
        throw ReconTaskError(.init(status: status), "\(what) failed: host returned \(statusName(status))")
    }
}
