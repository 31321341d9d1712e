/*
 * hello_c.c — the complete example of a recond task plugin in plain C99.
 *
 * What it does:
 *   - consumes keyTable, fileTable, directoryTable, bucketTable and volumeTable;
 *   - kv table `last_key`: key = OM table name, value = the last raw OM key seen;
 *   - SQL table `table_counts(table_name, puts, updates, deletes, bytes)`, where
 *     `bytes` sums data_size over every event that carries a decoded key record;
 *   - route GET /api/v1/examples/hello_c answers
 *       {"greeting":"...","tables":[{"table":"keyTable","puts":1,...}, ...]}
 *   - supports the reprocess map/reduce: each worker counts PUTs (and keeps its
 *     largest key per table) in memory; merge writes the totals and the keys.
 *
 * Config (the plugin's `config:` section in config.yaml, handed over as JSON):
 *   "greeting":    a string echoed by the route (default "hello");
 *   "fail_create": true makes create() refuse to start (used by the host's tests).
 *
 * Build:  make   (cc -std=c99 -Wall -Wextra -Werror -O2 -fPIC -shared
 *                 -fvisibility=hidden -I<recon_task.h dir> -o libhello_c.so hello_c.c)
 *
 * The rules this file follows (all from recon_task.h):
 *   - export exactly one symbol, recon_task_entry_v1; everything else is static;
 *   - everything the host hands in is borrowed for the call: copy what you keep;
 *   - values returned by host services are valid until the next host call with the
 *     same ctx: use them (or copy them) before calling the host again;
 *   - whoever allocates frees: this file frees only what it malloc'ed;
 *   - never commit: return RECON_OK and the host commits the writes and the cursor;
 *   - explain every failure with host->set_error before returning a non-OK status.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recon_task.h"

/* ================================================================================
 * Declarations: tables, routes, kv tables
 * ================================================================================ */

/* The OM tables this plugin consumes. The index is used for per-table counters. */
static const char *const om_tables[] = {
    "bucketTable", "directoryTable", "fileTable", "keyTable", "volumeTable",
};
#define TABLE_COUNT (sizeof om_tables / sizeof om_tables[0])

/* Key/value tables: the index in this array is the `table` argument of kv_*. */
enum { KV_LAST_KEY = 0 };
static const recon_kv_table kv_tables[] = {
    { "last_key", 0 },
};

static const recon_route routes[] = {
    { "GET", "/examples/hello_c", 0 },
};

/* ================================================================================
 * Plugin state
 * ================================================================================ */

/* One worker's partial result during reprocess. The largest key per table is what a
 * sequential scan in key order would have left in `last_key`. */
typedef struct worker_counts {
    uint64_t puts[TABLE_COUNT];
    uint64_t bytes[TABLE_COUNT];
    uint8_t *max_key[TABLE_COUNT];   /* malloc'ed copy, or NULL */
    size_t max_key_len[TABLE_COUNT];
} worker_counts;

typedef struct hello_plugin {
    const recon_host *host;   /* valid until destroy() returns */
    char *greeting;           /* our own copy of config "greeting", NUL-terminated */
    uint32_t events_metric;   /* id of recon_plugin_hello_c_events_total, if registered */
    int has_metric;
    worker_counts *workers;   /* reprocess: one slot per worker, between begin and merge */
    uint32_t worker_count;
} hello_plugin;

/* ================================================================================
 * Small helpers
 * ================================================================================ */

static recon_bytes bytes_of(const void *ptr, size_t len)
{
    recon_bytes b;
    b.ptr = (const uint8_t *)ptr;
    b.len = len;
    return b;
}

static recon_bytes bytes_of_cstr(const char *s)
{
    return bytes_of(s, strlen(s));
}

/* Bytewise comparison, the order the host's kv tables and OM scans use. */
static int compare_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c;
    return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

static void set_error(const recon_host *host, recon_ctx *ctx, const char *msg)
{
    host->set_error(ctx, msg, strlen(msg));
}

static void log_info(const recon_host *host, recon_ctx *ctx, const char *msg)
{
    host->log(ctx, RECON_LOG_INFO, msg, strlen(msg));
}

/* Index of an OM table name in om_tables, or -1. `name` is a borrowed recon_str. */
static int table_index(recon_str name)
{
    size_t i;
    for (i = 0; i < TABLE_COUNT; i++) {
        if (strlen(om_tables[i]) == name.len && memcmp(om_tables[i], name.ptr, name.len) == 0)
            return (int)i;
    }
    return -1;
}

/* ================================================================================
 * A tiny growable text buffer and JSON string escaper (for the route's answer)
 * ================================================================================ */

typedef struct text_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;               /* set when an allocation failed; further appends are no-ops */
} text_buf;

static void buf_append(text_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *data;
        while (cap < b->len + n)
            cap *= 2;
        data = (char *)realloc(b->data, cap);
        if (data == NULL) {
            b->failed = 1;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void buf_puts(text_buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

static void buf_u64(text_buf *b, uint64_t v)
{
    char digits[24]; /* 20 digits for UINT64_MAX + NUL */
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    if (n > 0)
        buf_append(b, digits, (size_t)n);
}

/* Append `s` (len bytes of UTF-8) as a quoted JSON string: escape '"', '\\' and
 * control characters; every other byte, including UTF-8 sequences, passes through. */
static void buf_json_string(text_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    buf_append(b, "\"", 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':  buf_append(b, "\\\"", 2); break;
        case '\\': buf_append(b, "\\\\", 2); break;
        case '\n': buf_append(b, "\\n", 2); break;
        case '\r': buf_append(b, "\\r", 2); break;
        case '\t': buf_append(b, "\\t", 2); break;
        default:
            if (c < 0x20) {
                char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
                buf_append(b, esc, sizeof esc);
            } else {
                buf_append(b, (const char *)&s[i], 1);
            }
        }
    }
    buf_append(b, "\"", 1);
}

/* ================================================================================
 * A tiny reader for the flat config object: {"greeting": "...", "fail_create": true}
 * It walks the top-level members and skips values it does not care about (nested
 * objects and arrays included). Enough for a config; not a general JSON library.
 * ================================================================================ */

typedef struct json_cursor {
    const char *p;
    const char *end;
} json_cursor;

static void json_skip_ws(json_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* Append the UTF-8 encoding of code point `cp` to `out` (room for 4 bytes needed). */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int json_hex4(json_cursor *c, uint32_t *out)
{
    int i;
    uint32_t v = 0;
    if (c->end - c->p < 4)
        return 0;
    for (i = 0; i < 4; i++) {
        char h = *c->p++;
        v <<= 4;
        if (h >= '0' && h <= '9') v |= (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f') v |= (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= (uint32_t)(h - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* Parse a JSON string at c->p (which points at '"'). When `out` is not NULL, store a
 * malloc'ed, NUL-terminated, unescaped copy there. Returns 1 on success. The decoded
 * text is never longer than the escaped text, so one allocation of that size does. */
static int json_string(json_cursor *c, char **out)
{
    const char *start;
    char *dst = NULL;
    size_t n = 0;
    if (c->p >= c->end || *c->p != '"')
        return 0;
    start = ++c->p;
    if (out != NULL) {
        const char *q = start;
        while (q < c->end && *q != '"') /* find an upper bound for the length */
            q += (*q == '\\' && q + 1 < c->end) ? 2 : 1;
        dst = (char *)malloc((size_t)(q - start) + 1);
        if (dst == NULL)
            return 0;
    }
    while (c->p < c->end && *c->p != '"') {
        char ch = *c->p++;
        if ((unsigned char)ch < 0x20)
            goto fail;
        if (ch == '\\') {
            char esc;
            if (c->p >= c->end)
                goto fail;
            esc = *c->p++;
            switch (esc) {
            case '"': case '\\': case '/': ch = esc; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                uint32_t cp, low;
                if (!json_hex4(c, &cp))
                    goto fail;
                if (cp >= 0xD800 && cp < 0xDC00 && c->end - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u') {
                    json_cursor save = *c;
                    c->p += 2;
                    if (json_hex4(c, &low) && low >= 0xDC00 && low < 0xE000)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    else
                        *c = save;
                }
                /* A lone surrogate is not a character, and NUL would cut our C
                 * string short: both become U+FFFD. */
                if (cp == 0 || (cp >= 0xD800 && cp < 0xE000))
                    cp = 0xFFFD;
                /* "\uXXXX" (6 bytes) encodes to at most 3 bytes, a surrogate pair
                 * (12 bytes) to 4, so the decoded text still fits. */
                if (dst != NULL)
                    n += utf8_encode(cp, dst + n);
                continue;
            }
            default:
                goto fail;
            }
        }
        if (dst != NULL)
            dst[n++] = ch;
    }
    if (c->p >= c->end)
        goto fail;
    c->p++; /* closing quote */
    if (out != NULL) {
        dst[n] = '\0';
        *out = dst;
    }
    return 1;
fail:
    free(dst);
    return 0;
}

/* Skip any JSON value (scalars, strings, nested objects and arrays). */
static int json_skip_value(json_cursor *c)
{
    int depth = 0;
    json_skip_ws(c);
    do {
        if (c->p >= c->end)
            return 0;
        if (*c->p == '"') {
            if (!json_string(c, NULL))
                return 0;
        } else if (*c->p == '{' || *c->p == '[') {
            depth++;
            c->p++;
        } else if (*c->p == '}' || *c->p == ']') {
            depth--;
            c->p++;
        } else if (depth > 0 && (*c->p == ',' || *c->p == ':' || *c->p == ' ' || *c->p == '\n'
                                 || *c->p == '\t' || *c->p == '\r')) {
            c->p++;
        } else {
            /* a bare scalar: true, false, null or a number */
            const char *s = c->p;
            while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' && *c->p != ' '
                   && *c->p != '\n' && *c->p != '\t' && *c->p != '\r')
                c->p++;
            if (c->p == s)
                return 0;
        }
    } while (depth > 0);
    return depth == 0;
}

typedef struct hello_config {
    char *greeting;  /* malloc'ed, or NULL when not set */
    int fail_create;
} hello_config;

/* Parse the config object. Returns 1 on success; on failure writes a reason. */
static int parse_config(recon_str json, hello_config *cfg, const char **reason)
{
    json_cursor c;
    c.p = json.ptr;
    c.end = json.ptr + json.len;
    cfg->greeting = NULL;
    cfg->fail_create = 0;
    json_skip_ws(&c);
    if (c.p == c.end)
        return 1; /* no config at all */
    if (*c.p != '{') {
        *reason = "hello_c: config is not a JSON object";
        return 0;
    }
    c.p++;
    json_skip_ws(&c);
    if (c.p < c.end && *c.p == '}')
        return 1;
    for (;;) {
        char *name = NULL;
        json_skip_ws(&c);
        if (!json_string(&c, &name))
            goto bad;
        json_skip_ws(&c);
        if (c.p >= c.end || *c.p != ':') {
            free(name);
            goto bad;
        }
        c.p++;
        json_skip_ws(&c);
        if (strcmp(name, "greeting") == 0 && c.p < c.end && *c.p == '"') {
            free(cfg->greeting); /* the last duplicate wins */
            cfg->greeting = NULL;
            if (!json_string(&c, &cfg->greeting)) {
                free(name);
                goto bad;
            }
        } else if (strcmp(name, "fail_create") == 0 && c.end - c.p >= 4 && memcmp(c.p, "true", 4) == 0) {
            cfg->fail_create = 1;
            c.p += 4;
        } else if (!json_skip_value(&c)) {
            free(name);
            goto bad;
        }
        free(name);
        json_skip_ws(&c);
        if (c.p < c.end && *c.p == ',') {
            c.p++;
            continue;
        }
        if (c.p < c.end && *c.p == '}')
            return 1;
        goto bad;
    }
bad:
    free(cfg->greeting);
    cfg->greeting = NULL;
    *reason = "hello_c: config is not valid JSON";
    return 0;
}

/* ================================================================================
 * Lifecycle: create and destroy
 * ================================================================================ */

static recon_status hello_create(const recon_host *host, recon_ctx *ctx,
                                 const recon_init_args *args, void **out_plugin)
{
    hello_config cfg;
    const char *reason = NULL;
    hello_plugin *p;
    char line[256];

    /* The host tells its ABI; refuse a service table older than the one we use. */
    if (host->struct_size < sizeof(recon_host)) {
        set_error(host, ctx, "hello_c: host service table is too old");
        return RECON_ERR_INVALID;
    }
    if (!parse_config(args->config_json, &cfg, &reason)) {
        set_error(host, ctx, reason);
        return RECON_ERR_INVALID;
    }
    if (cfg.fail_create) {
        free(cfg.greeting);
        set_error(host, ctx, "hello_c: refusing to start: fail_create is set");
        return RECON_ERR_FAILED;
    }

    p = (hello_plugin *)calloc(1, sizeof *p);
    if (p == NULL) {
        free(cfg.greeting);
        set_error(host, ctx, "hello_c: out of memory");
        return RECON_ERR_FAILED;
    }
    p->host = host;
    p->greeting = cfg.greeting ? cfg.greeting : (char *)malloc(sizeof "hello");
    if (p->greeting == NULL) {
        free(p);
        set_error(host, ctx, "hello_c: out of memory");
        return RECON_ERR_FAILED;
    }
    if (cfg.greeting == NULL)
        memcpy(p->greeting, "hello", sizeof "hello");

    /* Metrics are registered once, here. A metric is nice to have, not essential:
     * carry on without it when the host refuses. */
    if (host->metric_register(ctx, RECON_METRIC_COUNTER, "events_total",
                              "OM events seen by hello_c", &p->events_metric) == RECON_OK)
        p->has_metric = 1;

    snprintf(line, sizeof line, "hello_c ready, greeting \"%.200s\"", p->greeting);
    log_info(host, ctx, line);

    *out_plugin = p;
    return RECON_OK;
}

/* Free the reprocess slots and the key copies they hold. */
static void free_workers(hello_plugin *p)
{
    uint32_t w;
    size_t t;
    for (w = 0; p->workers != NULL && w < p->worker_count; w++)
        for (t = 0; t < TABLE_COUNT; t++)
            free(p->workers[w].max_key[t]);
    free(p->workers);
    p->workers = NULL;
    p->worker_count = 0;
}

static void hello_destroy(void *plugin)
{
    hello_plugin *p = (hello_plugin *)plugin;
    if (p == NULL)
        return;
    free_workers(p);
    free(p->greeting);
    free(p);
}

/* ================================================================================
 * Storage: init_store and the per-batch upsert
 * ================================================================================ */

static recon_status hello_init_store(void *plugin, recon_ctx *ctx)
{
    hello_plugin *p = (hello_plugin *)plugin;
    static const char sql[] =
        "CREATE TABLE IF NOT EXISTS table_counts ("
        " table_name TEXT PRIMARY KEY,"
        " puts INTEGER NOT NULL DEFAULT 0,"
        " updates INTEGER NOT NULL DEFAULT 0,"
        " deletes INTEGER NOT NULL DEFAULT 0,"
        " bytes INTEGER NOT NULL DEFAULT 0)";
    recon_status st = p->host->sql_exec(ctx, sql, 0, NULL, NULL, NULL);
    if (st != RECON_OK)
        set_error(p->host, ctx, "hello_c: CREATE TABLE table_counts failed");
    return st;
}

static recon_sql_value sql_int(int64_t v)
{
    recon_sql_value x;
    memset(&x, 0, sizeof x);
    x.type = RECON_SQL_INT;
    x.i = v;
    return x;
}

static recon_sql_value sql_text(const char *s)
{
    recon_sql_value x;
    memset(&x, 0, sizeof x);
    x.type = RECON_SQL_TEXT;
    x.bytes = bytes_of_cstr(s);
    return x;
}

/* Add the deltas of one table to its row. `replace` writes the values instead of
 * adding them (used by reprocess_merge on a fresh generation). */
static recon_status add_counts(hello_plugin *p, recon_ctx *ctx, size_t table, uint64_t puts,
                               uint64_t updates, uint64_t deletes, uint64_t bytes, int replace)
{
    static const char add_sql[] =
        "INSERT INTO table_counts (table_name, puts, updates, deletes, bytes) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (table_name) DO UPDATE SET puts = puts + excluded.puts,"
        " updates = updates + excluded.updates, deletes = deletes + excluded.deletes,"
        " bytes = bytes + excluded.bytes";
    static const char replace_sql[] =
        "INSERT INTO table_counts (table_name, puts, updates, deletes, bytes) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (table_name) DO UPDATE SET puts = excluded.puts,"
        " updates = excluded.updates, deletes = excluded.deletes, bytes = excluded.bytes";
    recon_sql_value params[5];
    params[0] = sql_text(om_tables[table]);
    params[1] = sql_int((int64_t)puts);
    params[2] = sql_int((int64_t)updates);
    params[3] = sql_int((int64_t)deletes);
    params[4] = sql_int((int64_t)bytes);
    return p->host->sql_exec(ctx, replace ? replace_sql : add_sql, 5, params, NULL, NULL);
}

/* data_size of a decoded key record, or 0 for any other record. */
static uint64_t key_bytes(const recon_record *record)
{
    if (record != NULL && record->kind == RECON_RECORD_KEY && record->key != NULL)
        return record->key->data_size;
    return 0;
}

/* ================================================================================
 * process: one batch of OM events, inside the host's transaction
 * ================================================================================ */

static recon_status hello_process(void *plugin, recon_ctx *ctx, const recon_event_batch *batch)
{
    hello_plugin *p = (hello_plugin *)plugin;
    uint64_t puts[TABLE_COUNT] = { 0 }, updates[TABLE_COUNT] = { 0 };
    uint64_t deletes[TABLE_COUNT] = { 0 }, bytes[TABLE_COUNT] = { 0 };
    int touched[TABLE_COUNT] = { 0 };
    size_t i;

    for (i = 0; i < batch->count; i++) {
        const recon_event *ev = batch->events[i];
        int t = table_index(ev->table);
        recon_status st;
        if (t < 0)
            continue; /* the host sends only consumed tables; be lenient anyway */
        touched[t] = 1;
        switch (ev->action) {
        case RECON_PUT: puts[t]++; break;
        case RECON_UPDATE: updates[t]++; break;
        case RECON_DELETE: deletes[t]++; break;
        default: break; /* an action added by a later ABI minor: ignore */
        }
        bytes[t] += key_bytes(ev->record);

        /* Remember the raw key. kv_put copies it into the transaction, so the
         * borrowed event memory is fine to pass. The last write per table wins. */
        st = p->host->kv_put(ctx, KV_LAST_KEY, bytes_of_cstr(om_tables[t]), ev->key);
        if (st != RECON_OK) {
            set_error(p->host, ctx, "hello_c: kv_put last_key failed");
            return st;
        }
    }

    for (i = 0; i < TABLE_COUNT; i++) {
        recon_status st;
        if (!touched[i])
            continue;
        st = add_counts(p, ctx, i, puts[i], updates[i], deletes[i], bytes[i], 0);
        if (st != RECON_OK) {
            set_error(p->host, ctx, "hello_c: updating table_counts failed");
            return st;
        }
    }

    if (p->has_metric)
        p->host->metric_record(ctx, p->events_metric, (double)batch->count);
    return RECON_OK; /* the host now commits our writes together with the cursor */
}

/* ================================================================================
 * Reprocess: map (chunk, per worker, in memory) and reduce (merge, one writer)
 * ================================================================================ */

static recon_status hello_reprocess_begin(void *plugin, recon_ctx *ctx, uint32_t worker_count)
{
    hello_plugin *p = (hello_plugin *)plugin;
    free_workers(p); /* a previous run that failed before merge */
    p->workers = (worker_counts *)calloc(worker_count ? worker_count : 1, sizeof *p->workers);
    if (p->workers == NULL) {
        set_error(p->host, ctx, "hello_c: out of memory");
        return RECON_RETRY;
    }
    p->worker_count = worker_count;
    return RECON_OK;
}

static recon_status hello_reprocess_chunk(void *plugin, recon_ctx *ctx, uint32_t worker_id,
                                          const recon_event_batch *records)
{
    hello_plugin *p = (hello_plugin *)plugin;
    worker_counts *w;
    size_t i;
    if (p->workers == NULL || worker_id >= p->worker_count) {
        set_error(p->host, ctx, "hello_c: reprocess_chunk with an unknown worker id");
        return RECON_ERR_INVALID;
    }
    /* Only this worker touches this slot: the host serializes calls per worker id. */
    w = &p->workers[worker_id];
    for (i = 0; i < records->count; i++) {
        const recon_event *ev = records->events[i];
        int t = table_index(ev->table);
        if (t < 0)
            continue;
        w->puts[t]++;
        w->bytes[t] += key_bytes(ev->record);
        if (w->max_key[t] == NULL
            || compare_bytes(ev->key.ptr, ev->key.len, w->max_key[t], w->max_key_len[t]) > 0) {
            /* The event is borrowed for this call: keep a copy, not the pointer. */
            uint8_t *copy = (uint8_t *)malloc(ev->key.len ? ev->key.len : 1);
            if (copy == NULL) {
                set_error(p->host, ctx, "hello_c: out of memory");
                return RECON_RETRY;
            }
            if (ev->key.len)
                memcpy(copy, ev->key.ptr, ev->key.len);
            free(w->max_key[t]);
            w->max_key[t] = copy;
            w->max_key_len[t] = ev->key.len;
        }
    }
    return RECON_OK;
}

static recon_status hello_reprocess_merge(void *plugin, recon_ctx *ctx)
{
    hello_plugin *p = (hello_plugin *)plugin;
    size_t t;
    uint32_t w;
    recon_status st = RECON_OK;
    for (t = 0; t < TABLE_COUNT && st == RECON_OK; t++) {
        uint64_t puts = 0, bytes = 0;
        const worker_counts *max = NULL;
        for (w = 0; w < p->worker_count; w++) {
            const worker_counts *wc = &p->workers[w];
            puts += wc->puts[t];
            bytes += wc->bytes[t];
            if (wc->max_key[t] != NULL
                && (max == NULL || compare_bytes(wc->max_key[t], wc->max_key_len[t],
                                                 max->max_key[t], max->max_key_len[t]) > 0))
                max = wc;
        }
        if (puts == 0)
            continue;
        st = add_counts(p, ctx, t, puts, 0, 0, bytes, 1);
        if (st == RECON_OK && max != NULL)
            st = p->host->kv_put(ctx, KV_LAST_KEY, bytes_of_cstr(om_tables[t]),
                                 bytes_of(max->max_key[t], max->max_key_len[t]));
    }
    free_workers(p);
    if (st != RECON_OK)
        set_error(p->host, ctx, "hello_c: writing the merged results failed");
    return st;
}

/* ================================================================================
 * handle: GET /api/v1/examples/hello_c, through a read view
 * ================================================================================ */

typedef struct rows_state {
    text_buf *out;
    size_t rows;
} rows_state;

/* Called once per result row; the columns are borrowed for this call only. */
static recon_status on_count_row(void *user, size_t column_count, const recon_sql_value *col)
{
    rows_state *s = (rows_state *)user;
    static const char *const names[] = { "puts", "updates", "deletes", "bytes" };
    size_t i;
    if (column_count != 5 || col[0].type != RECON_SQL_TEXT)
        return RECON_ERR_FAILED;
    buf_puts(s->out, s->rows++ ? ",{\"table\":" : "{\"table\":");
    buf_json_string(s->out, (const char *)col[0].bytes.ptr, col[0].bytes.len);
    for (i = 0; i < 4; i++) {
        buf_puts(s->out, ",\"");
        buf_puts(s->out, names[i]);
        buf_puts(s->out, "\":");
        buf_u64(s->out, col[i + 1].type == RECON_SQL_INT && col[i + 1].i > 0 ? (uint64_t)col[i + 1].i : 0);
    }
    buf_puts(s->out, "}");
    return RECON_OK;
}

static recon_status hello_handle(void *plugin, recon_ctx *ctx, const recon_request *request,
                                 recon_response *response)
{
    hello_plugin *p = (hello_plugin *)plugin;
    static const char sql[] =
        "SELECT table_name, puts, updates, deletes, bytes FROM table_counts ORDER BY table_name";
    text_buf out = { NULL, 0, 0, 0 };
    rows_state rows;
    recon_status st;
    recon_str name, value;
    (void)request; /* one route: nothing to dispatch on */

    rows.out = &out;
    rows.rows = 0;
    buf_puts(&out, "{\"greeting\":");
    buf_json_string(&out, p->greeting, strlen(p->greeting));
    buf_puts(&out, ",\"tables\":[");
    st = p->host->sql_exec(ctx, sql, 0, NULL, on_count_row, &rows);
    buf_puts(&out, "]}");
    if (st != RECON_OK || out.failed) {
        free(out.data);
        set_error(p->host, ctx, out.failed ? "hello_c: out of memory" : "hello_c: reading table_counts failed");
        return st != RECON_OK ? st : RECON_ERR_FAILED; /* the host answers 500 */
    }

    name.ptr = "Content-Type";
    name.len = strlen(name.ptr);
    value.ptr = "application/json";
    value.len = strlen(value.ptr);
    p->host->response_status(response, 200);
    p->host->response_header(response, name, value);
    p->host->response_write(response, bytes_of(out.data, out.len)); /* the host copies */
    free(out.data);
    return RECON_OK;
}

/* ================================================================================
 * The descriptor and the one exported symbol
 * ================================================================================ */

static const recon_task_descriptor descriptor = {
    .struct_size = sizeof(recon_task_descriptor),
    .abi_major = RECON_TASK_ABI_MAJOR,
    .abi_minor = RECON_TASK_ABI_MINOR,
    .name = "hello_c",
    .version = "1.0.0",
    .description = "Counts OM events per table (the C example plugin)",
    .built_with = "c",
    .om_table_count = TABLE_COUNT,
    .om_tables = om_tables,
    .kv_table_count = sizeof kv_tables / sizeof kv_tables[0],
    .kv_tables = kv_tables,
    .route_count = sizeof routes / sizeof routes[0],
    .routes = routes,
    .create = hello_create,
    .destroy = hello_destroy,
    .init_store = hello_init_store,
    .process = hello_process,
    .reprocess_begin = hello_reprocess_begin,
    .reprocess_chunk = hello_reprocess_chunk,
    .reprocess_merge = hello_reprocess_merge,
    .handle = hello_handle,
    .on_generation_switch = NULL, /* no in-memory state derived from storage */
};

/* Must not allocate or fail: just hand out the static descriptor. A plugin may return
 * NULL here to refuse a host it cannot work with. */
RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host)
{
    (void)host;
    return &descriptor;
}
