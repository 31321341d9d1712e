import ReconRocksDB
import CReconTask
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// The `recon_host` table handed to every plugin: C function pointers that forward
/// to the ``HostContext`` behind each `recon_ctx *`. One table for the process,
/// allocated once and never freed (plugins may keep the pointer forever).
enum HostServiceTable {
    /// The table's stable address.
    nonisolated(unsafe) static let pointer: UnsafePointer<recon_host> = {
        let p = UnsafeMutablePointer<recon_host>.allocate(capacity: 1)
        p.initialize(to: makeTable())
        return UnsafePointer(p)
    }()

    /// The host's version string, as a C string that lives forever.
    nonisolated(unsafe) private static let versionCString: UnsafePointer<CChar> = {
        UnsafePointer(strdup("recond \(ReconVersion.current)")!)
    }()

    private static func makeTable() -> recon_host {
        var h = recon_host()
        h.struct_size = UInt32(MemoryLayout<recon_host>.size)
        h.abi_major = UInt16(RECON_TASK_ABI_MAJOR)
        h.abi_minor = UInt16(RECON_TASK_ABI_MINOR)
        h.host_version = versionCString

        h.set_error = { ctx, msg, len in
            guard let c = HostContext.from(ctx) else { return }
            c.errorMessage = string(msg, len)
        }
        h.last_error = { ctx in
            guard let c = HostContext.from(ctx), let message = c.lastHostError else { return recon_str(ptr: nil, len: 0) }
            var text = message
            text.withUTF8 { c.lastErrorBuffer.set(UnsafeRawBufferPointer($0)) }
            let contents = c.lastErrorBuffer.contents
            return recon_str(ptr: contents.baseAddress?.assumingMemoryBound(to: CChar.self), len: contents.count)
        }
        h.log = { ctx, level, msg, len in
            guard let c = HostContext.from(ctx) else { return }
            c.plugin.logger.log(level: hostLogLevel(level), "\(string(msg, len))")
        }
        h.metric_register = { ctx, kind, name, help, outID in
            guard let c = HostContext.from(ctx), let name, let outID else { return recon_status(RECON_ERR_INVALID) }
            do throws(HostCallError) {
                outID.pointee = try c.plugin.registerMetric(
                    kind: kind, name: String(cString: name), help: help.map { String(cString: $0) } ?? "")
                return recon_status(RECON_OK)
            } catch {
                return c.fail(error)
            }
        }
        h.metric_record = { ctx, id, value in
            HostContext.from(ctx)?.plugin.recordMetric(id: id, value: value)
        }

        h.kv_get = { ctx, table, key, out in
            guard let c = HostContext.from(ctx), let out else { return recon_status(RECON_ERR_INVALID) }
            return c.call(writing: false, table: table) { session in
                let found = try session.kvGet(table: Int(table), key: raw(key), into: c.valueBuffer)
                guard found else { return recon_status(RECON_NOT_FOUND) }
                out.pointee = c.borrowValueBuffer()
                return recon_status(RECON_OK)
            }
        }
        h.kv_put = { ctx, table, key, value in
            guard let c = HostContext.from(ctx) else { return recon_status(RECON_ERR_INVALID) }
            return c.call(writing: true, table: table) { session in
                try session.kvPut(table: Int(table), key: raw(key), value: raw(value))
                return recon_status(RECON_OK)
            }
        }
        h.kv_delete = { ctx, table, key in
            guard let c = HostContext.from(ctx) else { return recon_status(RECON_ERR_INVALID) }
            return c.call(writing: true, table: table) { session in
                try session.kvDelete(table: Int(table), key: raw(key))
                return recon_status(RECON_OK)
            }
        }
        h.kv_scan = { ctx, table, start, end, visit, user in
            guard let c = HostContext.from(ctx), let visit else { return recon_status(RECON_ERR_INVALID) }
            return c.call(writing: false, table: table) { session in
                var status = recon_status(RECON_OK)
                try session.kvScan(table: Int(table), start: raw(start), end: raw(end)) { k, v in
                    status = visit(user, bytes(k), bytes(v))
                    return status == recon_status(RECON_OK)
                }
                return status == recon_status(RECON_STOP) ? recon_status(RECON_OK) : status
            }
        }

        h.sql_exec = { ctx, sql, paramCount, params, onRow, user in
            guard let c = HostContext.from(ctx), let sql else { return recon_status(RECON_ERR_INVALID) }
            return c.call(writing: false, table: nil) { session in
                var values: [SQLValue] = []
                values.reserveCapacity(paramCount)
                for i in 0..<paramCount {
                    guard let params else { throw HostCallError(RECON_ERR_INVALID, "params is NULL but param_count is \(paramCount)") }
                    values.append(try SQLValueBridge.fromC(params[i]))
                }
                var status = recon_status(RECON_OK)
                let rowHandler: (([SQLValue]) throws -> Bool)? = onRow.map { onRow in
                    { row in
                        status = SQLValueBridge.withCValues(row) { columns in onRow(user, row.count, columns) }
                        return status == recon_status(RECON_OK)
                    }
                }
                try session.sqlExec(String(cString: sql), params: values, onRow: rowHandler)
                return status == recon_status(RECON_STOP) ? recon_status(RECON_OK) : status
            }
        }

        h.om_get = { ctx, table, key, out in
            guard let c = HostContext.from(ctx), let out else { return recon_status(RECON_ERR_INVALID) }
            return c.omCall { om in
                guard try om.get(table: string(table), key: raw(key), into: c.valueBuffer) else {
                    return recon_status(RECON_NOT_FOUND)
                }
                out.pointee = c.borrowValueBuffer()
                return recon_status(RECON_OK)
            }
        }
        h.om_get_record = { ctx, table, key, out in
            guard let c = HostContext.from(ctx), let out else { return recon_status(RECON_ERR_INVALID) }
            return c.omCall { om in
                let tableName = string(table)
                guard try om.get(table: tableName, key: raw(key), into: c.valueBuffer) else {
                    return recon_status(RECON_NOT_FOUND)
                }
                guard let decoder = c.recordDecoder else {
                    throw HostCallError(RECON_ERR_INVALID, "this host has no decoder for OM records")
                }
                let arena = CArena(chunkSize: 4096)
                c.recordArena = arena
                let record = decoder.decode(table: tableName, value: c.valueBuffer.contents, into: arena)
                guard let record else {
                    throw HostCallError(RECON_ERR_INVALID, "OM table '\(tableName)' is not decoded by the host; use om_get")
                }
                out.pointee = record
                return recon_status(RECON_OK)
            }
        }
        h.om_scan_prefix = { ctx, table, prefix, visit, user in
            guard let visit else { return recon_status(RECON_ERR_INVALID) }
            return HostServiceTable.scanOMPrefix(ctx, "om_scan_prefix", table, prefix) { _, _ in
                { k, v in visit(user, bytes(k), bytes(v)) }
            }
        }

        h.om_scan_prefix_records = { ctx, table, prefix, visit, user in
            guard let visit else { return recon_status(RECON_ERR_INVALID) }
            return HostServiceTable.scanOMPrefix(ctx, "om_scan_prefix_records", table, prefix) { c, tableName in
                // One arena for the scan, emptied before each record: a record lives
                // during its visit call only.
                let arena = CArena(chunkSize: 4096)
                let decoder = c.recordDecoder
                let kind = decoder?.kind(ofTable: tableName)
                return { k, v in
                    arena.reset()
                    let record = kind.flatMap { decoder?.decode(kind: $0, value: v, into: arena) }
                    return visit(user, bytes(k), bytes(v), record)
                }
            }
        }

        h.response_status = { resp, status in
            HTTPResponseBuffer.from(resp)?.status = Int(status)
        }
        h.response_header = { resp, name, value in
            HTTPResponseBuffer.from(resp)?.headers.append((string(name), string(value)))
        }
        h.response_write = { resp, body in
            HTTPResponseBuffer.from(resp)?.body.append(contentsOf: raw(body))
        }
        return h
    }

    /// The shared body of `om_scan_prefix` and `om_scan_prefix_records`: refused during
    /// reprocess (the host runs one shared scan); `makeVisit` builds, once per scan,
    /// the visitor of each key and value, which returns the plugin's status.
    private static func scanOMPrefix(
        _ ctx: OpaquePointer?, _ function: String, _ table: recon_str, _ prefix: recon_bytes,
        _ makeVisit: (HostContext, String) -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> recon_status
    ) -> recon_status {
        guard let c = HostContext.from(ctx) else { return recon_status(RECON_ERR_INVALID) }
        guard c.allowOMScan else {
            return c.fail(HostCallError(RECON_ERR_INVALID, "\(function) is not allowed during reprocess: the host runs one shared scan"))
        }
        return c.omCall { om in
            let tableName = string(table)
            let visit = makeVisit(c, tableName)
            var status = recon_status(RECON_OK)
            try om.scanPrefix(table: tableName, prefix: raw(prefix)) { k, v in
                status = visit(k, v)
                return status == recon_status(RECON_OK)
            }
            return status == recon_status(RECON_STOP) ? recon_status(RECON_OK) : status
        }
    }

}

/// The swift-log level for an ABI log level.
private func hostLogLevel(_ level: UInt32) -> Logger.Level {
    switch level {
    case RECON_LOG_TRACE.rawValue: .trace
    case RECON_LOG_DEBUG.rawValue: .debug
    case RECON_LOG_INFO.rawValue: .info
    case RECON_LOG_WARNING.rawValue: .warning
    default: .error
    }
}

/// A borrowed C byte range as a raw buffer.
@inline(__always)
func raw(_ b: recon_bytes) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: b.ptr, count: b.ptr == nil ? 0 : b.len)
}

/// A raw buffer as a borrowed C byte range.
@inline(__always)
func bytes(_ b: UnsafeRawBufferPointer) -> recon_bytes {
    recon_bytes(ptr: b.baseAddress?.assumingMemoryBound(to: UInt8.self), len: b.count)
}

/// A C string with explicit length as a Swift string (invalid UTF-8 is repaired).
@inline(__always)
func string(_ ptr: UnsafePointer<CChar>?, _ len: Int) -> String {
    guard let ptr, len > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self)
}

/// A `recon_str` as a Swift string.
@inline(__always)
func string(_ s: recon_str) -> String { string(s.ptr, s.len) }

extension HostContext {
    /// Records a failure for the plugin to see and returns its status.
    func fail(_ error: HostCallError) -> recon_status {
        lastHostError = error.message
        plugin.logger.debug("host call failed: \(error.message)")
        return error.status
    }

    /// The value buffer as a borrowed `recon_bytes`, valid until the next call on this ctx.
    func borrowValueBuffer() -> recon_bytes {
        bytes(valueBuffer.contents)
    }

    /// Runs a storage call, turning thrown errors into statuses.
    func call(writing: Bool, table: UInt32?, _ body: (TaskStorageSession) throws -> recon_status) -> recon_status {
        if let table, let problem = checkTable(table) { return fail(problem) }
        switch session(writing: writing) {
        case .failure(let error): return fail(error)
        case .success(let session):
            do {
                return try body(session)
            } catch let error as HostCallError {
                return fail(error)
            } catch let error as StorageError {
                return fail(HostCallError(Self.status(for: error), error.description))
            } catch {
                return fail(HostCallError(RECON_ERR_IO, "storage: \(error)"))
            }
        }
    }

    /// The ABI status for a storage failure: the plugin's mistakes are INVALID
    /// (a bad SQL statement, a refused call), the rest are I/O failures.
    static func status(for error: StorageError) -> Int {
        switch error.kind {
        case .invalidArgument, .closed: RECON_ERR_INVALID
        case .sqlite: error.message.contains("syntax error") || error.message.contains("no such") ? RECON_ERR_INVALID : RECON_ERR_IO
        default: RECON_ERR_IO
        }
    }

    /// Runs an OM replica call, turning thrown errors into statuses.
    func omCall(_ body: (any OMReplicaReading) throws -> recon_status) -> recon_status {
        guard let omReplica else {
            return fail(HostCallError(RECON_ERR_INVALID, "no OM replica is available to this call"))
        }
        do {
            return try body(omReplica)
        } catch let error as HostCallError {
            return fail(error)
        } catch {
            return fail(HostCallError(RECON_ERR_IO, "OM replica: \(error)"))
        }
    }
}
