import CReconTask
import Testing

/// The layout of ABI 1.1's structs (1.0's plus the fields 1.1 appended), pinned (x86_64 / aarch64 Linux, LP64). Structs may
/// only grow at the end: a failure here means a field was inserted, removed or
/// reordered, which breaks every plugin built before — bump the ABI major instead,
/// or append the field and bump the minor (then extend these expectations).
@Suite("ABI 1.1 layout")
struct ABILayoutTests {
    @Test func versionConstants() {
        #expect(RECON_TASK_ABI_MAJOR == 1)
        #expect(RECON_TASK_ABI_MINOR == 1)
        #expect(RECON_TASK_ENTRY_NAME == "recon_task_entry_v1")
    }

    @Test func hostTable() {
        typealias H = recon_host
        let offsets: [(String, Int?)] = [
            ("struct_size", MemoryLayout<H>.offset(of: \.struct_size)), ("abi_major", MemoryLayout<H>.offset(of: \.abi_major)),
            ("abi_minor", MemoryLayout<H>.offset(of: \.abi_minor)), ("host_version", MemoryLayout<H>.offset(of: \.host_version)),
            ("set_error", MemoryLayout<H>.offset(of: \.set_error)), ("last_error", MemoryLayout<H>.offset(of: \.last_error)),
            ("log", MemoryLayout<H>.offset(of: \.log)), ("metric_register", MemoryLayout<H>.offset(of: \.metric_register)),
            ("metric_record", MemoryLayout<H>.offset(of: \.metric_record)), ("kv_get", MemoryLayout<H>.offset(of: \.kv_get)),
            ("kv_put", MemoryLayout<H>.offset(of: \.kv_put)), ("kv_delete", MemoryLayout<H>.offset(of: \.kv_delete)),
            ("kv_scan", MemoryLayout<H>.offset(of: \.kv_scan)), ("sql_exec", MemoryLayout<H>.offset(of: \.sql_exec)),
            ("om_get", MemoryLayout<H>.offset(of: \.om_get)), ("om_get_record", MemoryLayout<H>.offset(of: \.om_get_record)),
            ("om_scan_prefix", MemoryLayout<H>.offset(of: \.om_scan_prefix)),
            ("response_status", MemoryLayout<H>.offset(of: \.response_status)),
            ("response_header", MemoryLayout<H>.offset(of: \.response_header)),
            ("response_write", MemoryLayout<H>.offset(of: \.response_write)),
            ("om_scan_prefix_records (1.1)", MemoryLayout<H>.offset(of: \.om_scan_prefix_records)),
        ]
        #expect(offsets.map { $0.1 } == [0, 4, 6, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144])
        #expect(MemoryLayout<H>.size == 152)
    }

    @Test func descriptor() {
        typealias D = recon_task_descriptor
        let offsets = [
            MemoryLayout<D>.offset(of: \.name), MemoryLayout<D>.offset(of: \.version), MemoryLayout<D>.offset(of: \.description),
            MemoryLayout<D>.offset(of: \.built_with), MemoryLayout<D>.offset(of: \.om_table_count), MemoryLayout<D>.offset(of: \.om_tables),
            MemoryLayout<D>.offset(of: \.kv_table_count), MemoryLayout<D>.offset(of: \.kv_tables), MemoryLayout<D>.offset(of: \.route_count),
            MemoryLayout<D>.offset(of: \.routes), MemoryLayout<D>.offset(of: \.create), MemoryLayout<D>.offset(of: \.destroy),
            MemoryLayout<D>.offset(of: \.init_store), MemoryLayout<D>.offset(of: \.process), MemoryLayout<D>.offset(of: \.reprocess_begin),
            MemoryLayout<D>.offset(of: \.reprocess_chunk), MemoryLayout<D>.offset(of: \.reprocess_merge), MemoryLayout<D>.offset(of: \.handle),
            MemoryLayout<D>.offset(of: \.on_generation_switch),
        ]
        #expect(offsets == [8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152])
        #expect(MemoryLayout<D>.size == 160)
    }

    @Test func eventsAndRequests() {
        #expect(MemoryLayout<recon_event>.offset(of: \.table) == 8)
        #expect(MemoryLayout<recon_event>.offset(of: \.record) == 72)
        #expect(MemoryLayout<recon_event>.offset(of: \.sequence) == 88)
        #expect(MemoryLayout<recon_event>.size == 96)
        #expect(MemoryLayout<recon_event_batch>.offset(of: \.events) == 32)
        #expect(MemoryLayout<recon_event_batch>.size == 40)
        #expect(MemoryLayout<recon_request>.offset(of: \.body) == 72)
        #expect(MemoryLayout<recon_request>.size == 88)
        #expect(MemoryLayout<recon_init_args>.offset(of: \.reprocess_workers) == 56)
        #expect(MemoryLayout<recon_sql_value>.size == 40)
        #expect(MemoryLayout<recon_block>.size == 32)
        #expect(MemoryLayout<recon_key_version>.size == 24)
    }

    @Test func recordViews() {
        #expect(MemoryLayout<recon_key_record>.offset(of: \.replication) == 72)
        #expect(MemoryLayout<recon_key_record>.offset(of: \.versions) == 152)
        #expect(MemoryLayout<recon_key_record>.offset(of: \.owner) == 192)
        #expect(MemoryLayout<recon_key_record>.size == 208)
        #expect(MemoryLayout<recon_record>.offset(of: \.multipart) == 56)
        #expect(MemoryLayout<recon_record>.size == 64)
        #expect(MemoryLayout<recon_bucket_record>.offset(of: \.layout) == 48)
        #expect(MemoryLayout<recon_multipart_record>.offset(of: \.parts) == 80)
    }
}
