/*
 * recon_task.h — the task plugin ABI of recond, version 1.
 *
 * This header is the whole contract between the recond host and a task plugin.
 * Nothing else crosses: no Swift, C++ or Rust types, no host symbols. A plugin is a
 * shared library that exports exactly one function, RECON_TASK_ENTRY (below), and
 * talks to the host only through the service table it is handed at create time.
 *
 * Pure C99: <stdint.h>, <stddef.h> only. Every symbol is prefixed recon_ / RECON_.
 * The only functions defined here are `static inline` helpers (no exported code).
 *
 * ---------------------------------------------------------------------------------
 * VERSIONING
 *   - The ABI major is part of the entry symbol's name (recon_task_entry_v1). A
 *     breaking change gets a new symbol, so an old host never calls a new plugin's
 *     entry with the wrong shape (and vice versa): dlsym simply fails.
 *   - The minor grows when something is appended. A host of minor M loads plugins
 *     built against minor <= M; it refuses a plugin built against a newer minor.
 *   - Every struct that crosses carries `struct_size` as its first member and only
 *     grows at the end. A reader checks RECON_HAS_FIELD before touching a member
 *     that was appended after minor 0. Element types marked FROZEN never change;
 *     a later minor adds a new type instead.
 *
 * OWNERSHIP AND LIFETIME
 *   - Everything passed into a call is BORROWED for the duration of that call. To
 *     keep it, copy it.
 *   - Values returned through out-parameters by host services (recon_bytes from
 *     kv_get, om_get, ...) are borrowed until the next host call made with the same
 *     recon_ctx, or until the plugin callback that received the ctx returns,
 *     whichever comes first.
 *   - Whoever allocates frees. The host never frees plugin memory and the plugin
 *     never frees host memory. The descriptor returned by the entry function is
 *     owned by the plugin and must stay valid (typically: static) forever.
 *   - Strings are UTF-8. recon_str is NOT NUL-terminated; `const char *` members
 *     documented as "C string" are NUL-terminated.
 *
 * ERRORS
 *   - Every fallible call returns recon_status. Nothing may unwind across the
 *     boundary: no C++ exceptions, no Rust panics, no Swift traps (a Swift trap
 *     kills the whole daemon).
 *   - A plugin explains a failure with host->set_error(ctx, msg, len) before it
 *     returns a non-OK status. The host logs the message with the plugin's name.
 *     A plugin that returns the status of a failed host call without calling
 *     set_error gets that host call's message in the log.
 *   - A failed host service call returns its status; host->last_error(ctx) tells
 *     why (e.g. the SQLite error of a bad statement).
 *   - RECON_RETRY asks the host to retry the same call later (transient failure);
 *     RECON_ERR_* are failures of this call; RECON_ERR_FATAL additionally disables
 *     the plugin until restart.
 *
 * THREADING
 *   - create/destroy/init_store/on_generation_switch: called from the host's
 *     control thread, never concurrently with any other call on the same plugin.
 *   - process: at most one call per plugin at a time; different plugins run
 *     concurrently. Never concurrent with reprocess_* on the same plugin.
 *   - reprocess_begin, then reprocess_chunk from up to `worker_count` host threads at
 *     once (each with a distinct worker_id; calls with the same worker_id are
 *     serialized), then reprocess_merge once after every chunk call returned.
 *   - handle (query routes): from any number of host threads at once, concurrently
 *     with everything else. It must only read, through its read-only ctx.
 *   - Host services are thread-safe, but one recon_ctx is used by one thread at a
 *     time: use a ctx only inside the callback that received it.
 *
 * CONTEXTS
 *   - create: a control ctx. Only set_error, log, metric_* work; storage and OM
 *     calls return RECON_ERR_INVALID.
 *   - init_store, process, reprocess_*: a write ctx on the generation being written.
 *   - handle, on_generation_switch: a read ctx pinned to one generation (for
 *     on_generation_switch, the new one). Writes return RECON_ERR_INVALID.
 *
 * NULL
 *   Pointers handed to the plugin are never NULL unless documented as "or NULL":
 *   the host table, ctx, batches, every events[i] and key_list[i], requests,
 *   responses. Arrays with a count of 0 may be NULL.
 *   - Plugins are never unloaded (the host loads with RTLD_NODELETE and never calls
 *     dlclose). An upgrade means a restart of the daemon.
 *
 * TRANSACTIONS
 *   Plugins never commit. Writes made through a write ctx (process, reprocess_*,
 *   init_store) go into a host transaction. When the callback returns RECON_OK the
 *   host commits the plugin's key/value writes, its SQL writes and its cursor (the
 *   last OM sequence number applied) together: after a crash, never one without
 *   the other. On any other status the host discards the writes.
 * ---------------------------------------------------------------------------------
 */
#ifndef RECON_TASK_H
#define RECON_TASK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RECON_TASK_ABI_MAJOR 1
#define RECON_TASK_ABI_MINOR 1

/* The one symbol a plugin exports. Declared at the bottom of this file. */
#define RECON_TASK_ENTRY recon_task_entry_v1
#define RECON_TASK_ENTRY_NAME "recon_task_entry_v1"

#if defined(_WIN32)
#define RECON_EXPORT __declspec(dllexport)
#else
#define RECON_EXPORT __attribute__((visibility("default")))
#endif

/* True when a struct of the given size contains `field` entirely. */
#define RECON_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/* ================================================================================
 * Basic types
 * ================================================================================ */

typedef int32_t recon_status;
enum {
    RECON_OK = 0,
    RECON_NOT_FOUND = 1,       /* a lookup found nothing; not an error */
    RECON_STOP = 2,            /* returned by an iteration callback to stop early */
    RECON_RETRY = 3,           /* transient failure: try the same call again later */
    RECON_ERR_INVALID = 4,     /* bad argument or a call not allowed in this context */
    RECON_ERR_IO = 5,          /* storage failure */
    RECON_ERR_FAILED = 6,      /* the operation failed; see the error message */
    RECON_ERR_FATAL = 7        /* the plugin cannot continue; it is disabled */
};

/* The name of a status, e.g. "RECON_RETRY" (NULL for an unknown value). For logs. */
static inline const char *recon_status_name(recon_status status)
{
    switch (status) {
    case RECON_OK: return "RECON_OK";
    case RECON_NOT_FOUND: return "RECON_NOT_FOUND";
    case RECON_STOP: return "RECON_STOP";
    case RECON_RETRY: return "RECON_RETRY";
    case RECON_ERR_INVALID: return "RECON_ERR_INVALID";
    case RECON_ERR_IO: return "RECON_ERR_IO";
    case RECON_ERR_FAILED: return "RECON_ERR_FAILED";
    case RECON_ERR_FATAL: return "RECON_ERR_FATAL";
    default: return 0;
    }
}

/* A borrowed byte range. `ptr` may be NULL when `len` is 0. FROZEN. */
typedef struct recon_bytes {
    const uint8_t *ptr;
    size_t len;
} recon_bytes;

/* A borrowed UTF-8 string, not NUL-terminated. FROZEN. */
typedef struct recon_str {
    const char *ptr;
    size_t len;
} recon_str;

/* A name/value pair of strings (tags, metadata, query parameters). FROZEN. */
typedef struct recon_str_pair {
    recon_str name;
    recon_str value;
} recon_str_pair;

/* Opaque handle for one plugin call: a host transaction (write ctx) or a read
 * view pinned to one storage generation (read ctx). */
typedef struct recon_ctx recon_ctx;

/* Opaque handle to an HTTP response under construction. */
typedef struct recon_response recon_response;

/* ================================================================================
 * Decoded OM records. The host decodes each OM value once and hands every plugin
 * the same view. Raw bytes stay available in the event.
 * ================================================================================ */

enum recon_record_kind {
    RECON_RECORD_NONE = 0,          /* table not decoded by the host: use raw bytes */
    RECON_RECORD_KEY = 1,           /* keyTable, fileTable, openKeyTable, openFileTable,
                                       deletedDirectoryTable (Ozone stores KeyInfo there) */
    RECON_RECORD_DIRECTORY = 2,     /* directoryTable */
    RECON_RECORD_VOLUME = 3,        /* volumeTable */
    RECON_RECORD_BUCKET = 4,        /* bucketTable */
    RECON_RECORD_KEY_LIST = 5,      /* deletedTable (RepeatedKeyInfo) */
    RECON_RECORD_MULTIPART = 6      /* multipartInfoTable */
};

enum recon_replication_type {
    RECON_REPL_NONE = 0,
    RECON_REPL_RATIS = 1,
    RECON_REPL_STAND_ALONE = 2,
    RECON_REPL_CHAINED = 3,
    RECON_REPL_EC = 4
};

enum recon_bucket_layout {
    RECON_LAYOUT_LEGACY = 1,
    RECON_LAYOUT_FSO = 2,           /* FILE_SYSTEM_OPTIMIZED */
    RECON_LAYOUT_OBS = 3            /* OBJECT_STORE */
};

/* One block of a key version. FROZEN. */
typedef struct recon_block {
    int64_t container_id;
    int64_t local_id;
    uint64_t offset;
    uint64_t length;
} recon_block;

/* One version of a key's block list (KeyLocationList). FROZEN. */
typedef struct recon_key_version {
    uint64_t version;
    size_t block_count;
    const recon_block *blocks;
} recon_key_version;

typedef struct recon_replication {
    uint32_t type;                  /* recon_replication_type */
    uint32_t factor;                /* RATIS/STAND_ALONE: 1 or 3; EC: 0 */
    uint32_t ec_data;               /* EC only */
    uint32_t ec_parity;             /* EC only */
    uint32_t ec_chunk_size;         /* EC only, bytes */
} recon_replication;               /* FROZEN */

/* KeyInfo: a file or object (also open keys and deleted keys). */
typedef struct recon_key_record {
    uint32_t struct_size;
    recon_str volume;
    recon_str bucket;
    recon_str key_name;             /* full key name (OBS/LEGACY) or the file name (FSO) */
    uint64_t data_size;             /* logical bytes */
    uint64_t replicated_size;       /* computed by the host with Ozone's QuotaUtil rules */
    recon_replication replication;
    uint64_t creation_time;         /* ms since the Unix epoch */
    uint64_t modification_time;     /* ms since the Unix epoch */
    uint64_t object_id;
    uint64_t update_id;
    uint64_t parent_object_id;      /* FSO: parent directory or bucket objectID; else 0 */
    int32_t is_file;                /* 1 file, 0 not, -1 unknown */
    int32_t is_multipart;           /* latest version is a multipart key */
    size_t version_count;
    const recon_key_version *versions;  /* oldest first; the latest is the last */
    size_t metadata_count;
    const recon_str_pair *metadata;
    size_t tag_count;
    const recon_str_pair *tags;
    recon_str owner;
} recon_key_record;

/* DirectoryInfo (FSO). */
typedef struct recon_dir_record {
    uint32_t struct_size;
    recon_str name;
    uint64_t object_id;
    uint64_t update_id;
    uint64_t parent_object_id;
    uint64_t creation_time;
    uint64_t modification_time;
    recon_str owner;
} recon_dir_record;

/* VolumeInfo. Quotas of -1/-2 mean "not set", as in Ozone. */
typedef struct recon_volume_record {
    uint32_t struct_size;
    recon_str name;
    recon_str owner;
    recon_str admin;
    uint64_t object_id;
    uint64_t creation_time;
    uint64_t modification_time;
    int64_t quota_in_bytes;
    int64_t quota_in_namespace;
    uint64_t used_namespace;
} recon_volume_record;

/* BucketInfo. */
typedef struct recon_bucket_record {
    uint32_t struct_size;
    recon_str volume;
    recon_str name;
    uint64_t object_id;
    uint32_t layout;                /* recon_bucket_layout */
    uint32_t versioning;            /* 1 enabled */
    uint64_t creation_time;
    uint64_t modification_time;
    int64_t quota_in_bytes;
    int64_t quota_in_namespace;
    uint64_t used_bytes;
    uint64_t used_namespace;
    recon_str owner;
    recon_str source_volume;        /* bucket links; empty otherwise */
    recon_str source_bucket;
} recon_bucket_record;

/* One part of a multipart upload. FROZEN. */
typedef struct recon_part {
    uint32_t part_number;
    uint64_t data_size;
    uint64_t replicated_size;
} recon_part;

/* MultipartKeyInfo. */
typedef struct recon_multipart_record {
    uint32_t struct_size;
    recon_str upload_id;
    uint64_t creation_time;
    recon_replication replication;
    uint64_t object_id;
    uint64_t parent_object_id;
    size_t part_count;              /* inline parts (schema 0); 0 for split-table uploads */
    const recon_part *parts;
    uint64_t data_size;             /* sum of the parts' data sizes */
    uint64_t replicated_size;       /* sum of the parts' replicated sizes */
} recon_multipart_record;

/* The decoded view of one OM value. Exactly the member named by `kind` is set. */
typedef struct recon_record {
    uint32_t struct_size;
    uint32_t kind;                  /* recon_record_kind */
    const recon_key_record *key;
    const recon_dir_record *directory;
    const recon_volume_record *volume;
    const recon_bucket_record *bucket;
    size_t key_list_count;          /* RECON_RECORD_KEY_LIST */
    const recon_key_record *const *key_list;
    const recon_multipart_record *multipart;
} recon_record;

/* ================================================================================
 * Events and batches
 * ================================================================================ */

enum recon_action {
    RECON_PUT = 1,                  /* a key that did not exist */
    RECON_UPDATE = 2,               /* a PUT over an existing key; old_value is set */
    RECON_DELETE = 3                /* value carries the deleted value */
};

/* One change of one OM key, derived with Recon's rules:
 * a PUT over an existing key becomes UPDATE with the old value; DELETE carries the
 * deleted value in `value`; a DELETE of a missing key emits no event. */
typedef struct recon_event {
    uint32_t struct_size;
    uint32_t action;                /* recon_action */
    recon_str table;                /* OM column family name, e.g. "keyTable" */
    recon_bytes key;                /* raw OM key bytes */
    recon_bytes value;              /* PUT/UPDATE: new value; DELETE: deleted value */
    recon_bytes old_value;          /* UPDATE: the value replaced. A PUT of a key deleted
                                       earlier in the same batch: the deleted value (as
                                       Recon does). Else empty. */
    const recon_record *record;     /* decoded `value`, or NULL when the table is not decoded */
    const recon_record *old_record; /* decoded `old_value`, or NULL */
    uint64_t sequence;              /* OM sequence number of the write batch holding it */
} recon_event;

/* A batch of events. During reprocess, chunks of the shared scan arrive in the same
 * shape with every action RECON_PUT. Only tables the plugin consumes are included. */
typedef struct recon_event_batch {
    uint32_t struct_size;
    uint64_t first_sequence;
    uint64_t last_sequence;         /* the cursor the host commits on success */
    size_t count;
    const recon_event *const *events;
} recon_event_batch;

/* ================================================================================
 * Query routes
 * ================================================================================ */

enum recon_route_flags {
    RECON_ROUTE_ADMIN = 1u << 0     /* needs an admin token when tokens are configured */
};

/* A route the plugin answers, under /api/v1. `path` is a C string such as
 * "/utilization/fileCount" or "/containers/{id}/keys"; a `{name}` segment matches
 * one path segment and arrives as a path parameter. FROZEN. */
typedef struct recon_route {
    const char *method;             /* C string: "GET", "POST", ... */
    const char *path;               /* C string, under /api/v1 */
    uint32_t flags;                 /* recon_route_flags */
} recon_route;

typedef struct recon_request {
    uint32_t struct_size;
    uint32_t route_index;           /* index into descriptor->routes */
    recon_str method;
    recon_str path;                 /* full request path, e.g. "/api/v1/containers/7/keys" */
    size_t path_param_count;
    const recon_str_pair *path_params;
    size_t query_param_count;       /* in request order; a name may repeat */
    const recon_str_pair *query_params;
    recon_bytes body;
} recon_request;

/* ================================================================================
 * Storage declarations
 * ================================================================================ */

/* A key/value table the plugin owns. The host stores it as a RocksDB column family
 * named "<plugin>/<name>". Keys are compared bytewise. FROZEN. */
typedef struct recon_kv_table {
    const char *name;               /* C string, [a-z0-9_]{1,64} */
    uint32_t flags;                 /* reserved, 0 */
} recon_kv_table;

/* SQL values for parameters and result columns. FROZEN. */
enum recon_sql_type {
    RECON_SQL_NULL = 0,
    RECON_SQL_INT = 1,
    RECON_SQL_REAL = 2,
    RECON_SQL_TEXT = 3,
    RECON_SQL_BLOB = 4
};

typedef struct recon_sql_value {
    uint32_t type;                  /* recon_sql_type */
    int64_t i;                      /* RECON_SQL_INT */
    double d;                       /* RECON_SQL_REAL */
    recon_bytes bytes;              /* RECON_SQL_TEXT (UTF-8) and RECON_SQL_BLOB */
} recon_sql_value;

/* ================================================================================
 * Callbacks the host invokes during iteration. Return RECON_OK to continue,
 * RECON_STOP to stop early, anything else to abort with that status.
 * ================================================================================ */

typedef recon_status (*recon_kv_visit_fn)(void *user, recon_bytes key, recon_bytes value);
/* ABI 1.1: a visited OM key, its value, and the value decoded (NULL when the host does
 * not decode the table); all three borrowed during the call. */
typedef recon_status (*recon_om_record_visit_fn)(void *user, recon_bytes key, recon_bytes value,
                                                 const recon_record *record);
typedef recon_status (*recon_sql_row_fn)(void *user, size_t column_count,
                                         const recon_sql_value *columns);

/* ================================================================================
 * The host service table, handed to create(). Valid until destroy() returns.
 * ================================================================================ */

enum recon_log_level {
    RECON_LOG_TRACE = 0,
    RECON_LOG_DEBUG = 1,
    RECON_LOG_INFO = 2,
    RECON_LOG_WARNING = 3,
    RECON_LOG_ERROR = 4
};

enum recon_metric_kind {
    RECON_METRIC_COUNTER = 1,       /* monotonically increasing */
    RECON_METRIC_GAUGE = 2          /* set to a value */
};

typedef struct recon_host {
    uint32_t struct_size;
    uint16_t abi_major;             /* the host's ABI version */
    uint16_t abi_minor;
    const char *host_version;       /* C string, e.g. "recond 0.1.0" */

    /* --- diagnostics ------------------------------------------------------- */

    /* Record the message explaining the status the current callback is about to
     * return. The last call wins. */
    void (*set_error)(recon_ctx *ctx, const char *msg, size_t len);

    /* Why the last failed host call on this ctx failed (empty when none failed).
     * Borrowed like a returned value. */
    recon_str (*last_error)(recon_ctx *ctx);

    /* Log through the host's logger, labelled with the plugin's name. */
    void (*log)(recon_ctx *ctx, uint32_t level, const char *msg, size_t len);

    /* Register a metric once (usually in create) and get its id. The host exports
     * it as recon_plugin_<plugin>_<name>; `name` is [a-z0-9_]{1,64}. `name` and
     * `help` are C strings. Registering a name again returns the same id. */
    recon_status (*metric_register)(recon_ctx *ctx, uint32_t kind, const char *name,
                                    const char *help, uint32_t *out_id);
    /* Counter: add `value` (>= 0). Gauge: set to `value`. Thread-safe; `ctx` is
     * the ctx of the current callback (any kind). */
    void (*metric_record)(recon_ctx *ctx, uint32_t metric_id, double value);

    /* --- key/value tables (RocksDB) ---------------------------------------- */
    /* `table` is an index into descriptor->kv_tables. Reads through a write ctx see
     * the transaction's own uncommitted writes. */

    recon_status (*kv_get)(recon_ctx *ctx, uint32_t table, recon_bytes key,
                           recon_bytes *out_value);              /* RECON_NOT_FOUND */
    recon_status (*kv_put)(recon_ctx *ctx, uint32_t table, recon_bytes key,
                           recon_bytes value);                   /* write ctx only */
    recon_status (*kv_delete)(recon_ctx *ctx, uint32_t table, recon_bytes key);
    /* Visit keys in [start, end) in order; an empty `end` means "to the last key".
     * Through a write ctx the scan sees committed data only. */
    recon_status (*kv_scan)(recon_ctx *ctx, uint32_t table, recon_bytes start,
                            recon_bytes end, recon_kv_visit_fn visit, void *user);

    /* --- SQL (SQLite by default) ------------------------------------------- */
    /* Each plugin has its own SQL database per storage generation; table names are
     * the plugin's own (names starting with _recon_ are reserved). Exactly one
     * statement per call; it may hold `?` parameters. Transaction control, ATTACH and
     * PRAGMA are refused (the host owns transactions). Through a read ctx only read
     * statements are allowed. `on_row` may be NULL; the row's values are borrowed
     * during the on_row call. */
    recon_status (*sql_exec)(recon_ctx *ctx, const char *sql, size_t param_count,
                             const recon_sql_value *params, recon_sql_row_fn on_row,
                             void *user);

    /* --- the OM replica (read-only) ---------------------------------------- */
    /* Point reads of the local OM DB copy: as of the batch being processed
     * (process), the snapshot being scanned (reprocess), or the replica's current
     * state (handle). `table` is an OM column family. */
    recon_status (*om_get)(recon_ctx *ctx, recon_str table, recon_bytes key,
                           recon_bytes *out_value);               /* RECON_NOT_FOUND */
    /* Same, decoded. *out_record stays valid like a borrowed value. */
    recon_status (*om_get_record)(recon_ctx *ctx, recon_str table, recon_bytes key,
                                  const recon_record **out_record);
    /* Visit OM keys with the given prefix in order. Not allowed during reprocess
     * (the host runs one shared scan for every plugin): RECON_ERR_INVALID there. */
    recon_status (*om_scan_prefix)(recon_ctx *ctx, recon_str table, recon_bytes prefix,
                                   recon_kv_visit_fn visit, void *user);

    /* --- HTTP responses ---------------------------------------------------- */
    void (*response_status)(recon_response *resp, uint32_t status);
    void (*response_header)(recon_response *resp, recon_str name, recon_str value);
    /* Append to the body. May be called repeatedly. */
    void (*response_write)(recon_response *resp, recon_bytes body);

    /* --- ABI 1.1 ------------------------------------------------------------ */
    /* Like om_scan_prefix, with each value also decoded as om_get_record would: one
     * scan instead of a scan plus a point read per key. Same rules (not during
     * reprocess). Check RECON_HAS_FIELD(host, recon_host, om_scan_prefix_records)
     * before calling it on a host that may be older. */
    recon_status (*om_scan_prefix_records)(recon_ctx *ctx, recon_str table, recon_bytes prefix,
                                           recon_om_record_visit_fn visit, void *user);
} recon_host;

/* ================================================================================
 * What the host passes to create()
 * ================================================================================ */

typedef struct recon_init_args {
    uint32_t struct_size;
    recon_str plugin_name;          /* the descriptor's name */
    recon_str config_json;          /* the plugin's `config:` section as a JSON object */
    recon_str plugin_path;          /* absolute path of the loaded library */
    uint32_t reprocess_workers;     /* worker_count reprocess_begin will receive */
} recon_init_args;

/* ================================================================================
 * The plugin descriptor
 * ================================================================================ */

typedef struct recon_task_descriptor {
    uint32_t struct_size;           /* sizeof(recon_task_descriptor) as compiled */
    uint16_t abi_major;             /* RECON_TASK_ABI_MAJOR as compiled */
    uint16_t abi_minor;             /* RECON_TASK_ABI_MINOR as compiled */

    const char *name;               /* C string, [a-z][a-z0-9_]{0,63}, unique per daemon */
    const char *version;            /* C string; a change triggers a full reprocess */
    const char *description;        /* C string, one line */
    const char *built_with;         /* C string, e.g. "c", "swift-6.3.1", "rust-1.95" */

    size_t om_table_count;          /* OM column families consumed ("*" = all tables) */
    const char *const *om_tables;
    size_t kv_table_count;
    const recon_kv_table *kv_tables;
    size_t route_count;
    const recon_route *routes;

    /* Create the plugin instance. Store `host` for later calls; *out_plugin is
     * handed back to every other callback. Required. */
    recon_status (*create)(const recon_host *host, recon_ctx *ctx,
                           const recon_init_args *args, void **out_plugin);
    /* Release the instance. Called at shutdown. Optional. */
    void (*destroy)(void *plugin);

    /* Prepare a fresh storage generation (create SQL tables and indexes). The ctx
     * is a write ctx on the new generation. Optional. */
    recon_status (*init_store)(void *plugin, recon_ctx *ctx);

    /* Apply one batch of OM events. Required. */
    recon_status (*process)(void *plugin, recon_ctx *ctx, const recon_event_batch *batch);

    /* Full rebuild from a consistent view of the OM replica, as map/reduce over the
     * host's one shared parallel scan. All three optional as a group: a plugin with
     * no reprocess_chunk gets no reprocess calls (its store starts empty). */
    recon_status (*reprocess_begin)(void *plugin, recon_ctx *ctx, uint32_t worker_count);
    recon_status (*reprocess_chunk)(void *plugin, recon_ctx *ctx, uint32_t worker_id,
                                    const recon_event_batch *records);
    recon_status (*reprocess_merge)(void *plugin, recon_ctx *ctx);

    /* Answer a request for one of `routes`. The ctx is a read view pinned to one
     * generation. Write the answer with host->response_*. A non-OK status without a
     * response status set becomes 500 with the error message. Optional when
     * route_count is 0. */
    recon_status (*handle)(void *plugin, recon_ctx *ctx, const recon_request *request,
                           recon_response *response);

    /* A new generation was switched in (after a staged reprocess): reload any
     * in-memory state derived from storage. Optional. */
    recon_status (*on_generation_switch)(void *plugin, recon_ctx *ctx);
} recon_task_descriptor;

/* What the host tells the entry function about itself. */
typedef struct recon_host_info {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
} recon_host_info;

/* The entry point every plugin exports. Return the plugin's descriptor, or NULL to
 * refuse to load into this host. It must have no side effects beyond building the
 * descriptor (which it may do on the first call); it may be called more than once
 * and must return the same pointer each time. Fallible work belongs in create(). */
RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host);

typedef const recon_task_descriptor *(*recon_task_entry_fn)(const recon_host_info *host);

#ifdef __cplusplus
}
#endif

#endif /* RECON_TASK_H */
