/*
 * flaky.c — a test plugin for the staged reprocessor: it counts live OM keys per
 * table and fails on demand.
 *
 *   - consumes every table ("*");
 *   - kv table `counts`: key = OM table name, value = 8-byte big-endian count of
 *     keys (PUT +1, DELETE -1, UPDATE 0), so that after a reprocess plus catch-up
 *     the counts equal the view's keys plus the deltas;
 *   - reprocess: each worker counts in memory, merge writes the totals.
 *
 * Config JSON (flat; a substring match is enough for a fixture):
 *   "fail_in": "chunk" | "merge" | "process" | "none"   where to fail;
 *   "times": N           fail the first N calls at that point, then succeed
 *                        (default 1), so that a retry succeeds;
 *   "skip": N            let the first N calls at that point pass before failing
 *                        (default 0);
 *   "probe": true        in every chunk, check that om_scan_prefix is refused and
 *                        that om_get finds the first record in the view.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recon_task.h"

#define MAX_TABLES 32
#define NAME_MAX_LEN 64
#define MAX_WORKERS 64

enum { FAIL_NONE = 0, FAIL_CHUNK, FAIL_MERGE, FAIL_PROCESS };

typedef struct table_counts {
    size_t n;
    char names[MAX_TABLES][NAME_MAX_LEN];
    int64_t counts[MAX_TABLES];
} table_counts;

typedef struct flaky {
    const recon_host *host;
    int fail_in;
    int probe;
    int skip;      /* calls to let pass first; decremented atomically */
    int remaining; /* failures left; decremented atomically (chunks run on several threads) */
    uint32_t worker_count;
    table_counts *workers;
} flaky;

static const char *const om_tables[] = { "*" };
static const recon_kv_table kv_tables[] = { { "counts", 0 } };

static void fail_msg(flaky *p, recon_ctx *ctx, const char *msg)
{
    p->host->set_error(ctx, msg, strlen(msg));
}

/* 1 when this call must fail (and uses up one failure). */
static int should_fail(flaky *p, int point)
{
    if (p->fail_in != point)
        return 0;
    if (__atomic_load_n(&p->skip, __ATOMIC_SEQ_CST) > 0 && __atomic_sub_fetch(&p->skip, 1, __ATOMIC_SEQ_CST) >= 0)
        return 0;
    return __atomic_sub_fetch(&p->remaining, 1, __ATOMIC_SEQ_CST) >= 0;
}

static int find_or_add(table_counts *t, recon_str name)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        if (strlen(t->names[i]) == name.len && memcmp(t->names[i], name.ptr, name.len) == 0)
            return (int)i;
    if (t->n == MAX_TABLES || name.len >= NAME_MAX_LEN)
        return -1;
    memcpy(t->names[t->n], name.ptr, name.len);
    t->names[t->n][name.len] = 0;
    t->counts[t->n] = 0;
    return (int)t->n++;
}

static void put_be64(uint8_t *out, int64_t v)
{
    int i;
    for (i = 7; i >= 0; i--) {
        out[i] = (uint8_t)((uint64_t)v & 0xFF);
        v = (int64_t)((uint64_t)v >> 8);
    }
}

static int64_t get_be64(const uint8_t *in)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++)
        v = (v << 8) | in[i];
    return (int64_t)v;
}

/* counts[table] += delta, through the transaction. */
static recon_status add_count(flaky *p, recon_ctx *ctx, const char *table, size_t len, int64_t delta, int replace)
{
    recon_bytes key, value, out;
    uint8_t buf[8];
    int64_t current = 0;
    recon_status st;
    key.ptr = (const uint8_t *)table;
    key.len = len;
    if (!replace) {
        st = p->host->kv_get(ctx, 0, key, &out);
        if (st == RECON_OK && out.len == 8)
            current = get_be64(out.ptr);
        else if (st != RECON_NOT_FOUND && st != RECON_OK)
            return st;
    }
    put_be64(buf, current + delta);
    value.ptr = buf;
    value.len = 8;
    return p->host->kv_put(ctx, 0, key, value);
}

static const char *config_value(recon_str json, const char *name)
{
    /* Returns a pointer just after `"name":` (spaces skipped), or NULL. */
    size_t n = strlen(name);
    size_t i;
    for (i = 0; i + n + 2 < json.len; i++) {
        if (json.ptr[i] == '"' && memcmp(json.ptr + i + 1, name, n) == 0 && json.ptr[i + 1 + n] == '"') {
            size_t j = i + n + 2;
            while (j < json.len && (json.ptr[j] == ' ' || json.ptr[j] == ':'))
                j++;
            return json.ptr + j;
        }
    }
    return NULL;
}

static recon_status flaky_create(const recon_host *host, recon_ctx *ctx, const recon_init_args *args, void **out)
{
    flaky *p = (flaky *)calloc(1, sizeof *p);
    const char *v;
    (void)ctx;
    if (p == NULL)
        return RECON_ERR_FAILED;
    p->host = host;
    p->remaining = 1;
    v = config_value(args->config_json, "fail_in");
    if (v != NULL) {
        if (strncmp(v, "\"chunk\"", 7) == 0) p->fail_in = FAIL_CHUNK;
        else if (strncmp(v, "\"merge\"", 7) == 0) p->fail_in = FAIL_MERGE;
        else if (strncmp(v, "\"process\"", 9) == 0) p->fail_in = FAIL_PROCESS;
    }
    v = config_value(args->config_json, "times");
    if (v != NULL)
        p->remaining = atoi(v);
    v = config_value(args->config_json, "skip");
    if (v != NULL)
        p->skip = atoi(v);
    v = config_value(args->config_json, "probe");
    p->probe = v != NULL && strncmp(v, "true", 4) == 0;
    *out = p;
    return RECON_OK;
}

static void flaky_destroy(void *plugin)
{
    flaky *p = (flaky *)plugin;
    free(p->workers);
    free(p);
}

static recon_status flaky_process(void *plugin, recon_ctx *ctx, const recon_event_batch *batch)
{
    flaky *p = (flaky *)plugin;
    size_t i;
    if (should_fail(p, FAIL_PROCESS)) {
        fail_msg(p, ctx, "flaky: failing process on demand");
        return RECON_ERR_FAILED;
    }
    for (i = 0; i < batch->count; i++) {
        const recon_event *ev = batch->events[i];
        int64_t delta = ev->action == RECON_PUT ? 1 : (ev->action == RECON_DELETE ? -1 : 0);
        recon_status st;
        if (delta == 0)
            continue;
        st = add_count(p, ctx, ev->table.ptr, ev->table.len, delta, 0);
        if (st != RECON_OK) {
            fail_msg(p, ctx, "flaky: kv write failed");
            return st;
        }
    }
    return RECON_OK;
}

static recon_status flaky_begin(void *plugin, recon_ctx *ctx, uint32_t worker_count)
{
    flaky *p = (flaky *)plugin;
    free(p->workers);
    if (worker_count == 0 || worker_count > MAX_WORKERS) {
        fail_msg(p, ctx, "flaky: bad worker count");
        return RECON_ERR_INVALID;
    }
    p->workers = (table_counts *)calloc(worker_count, sizeof *p->workers);
    p->worker_count = worker_count;
    return p->workers ? RECON_OK : RECON_ERR_FAILED;
}

static recon_status visit_any(void *user, recon_bytes key, recon_bytes value)
{
    (void)key;
    (void)value;
    ++*(int *)user;
    return RECON_OK;
}

static recon_status probe(flaky *p, recon_ctx *ctx, const recon_event *ev)
{
    recon_bytes value;
    recon_str empty_table = ev->table;
    recon_bytes empty_prefix;
    int visited = 0;
    empty_prefix.ptr = NULL;
    empty_prefix.len = 0;
    if (p->host->om_scan_prefix(ctx, empty_table, empty_prefix, visit_any, &visited) != RECON_ERR_INVALID || visited) {
        fail_msg(p, ctx, "flaky probe: om_scan_prefix was not refused during reprocess");
        return RECON_ERR_FAILED;
    }
    if (p->host->om_get(ctx, ev->table, ev->key, &value) != RECON_OK
        || value.len != ev->value.len || (value.len && memcmp(value.ptr, ev->value.ptr, value.len) != 0)) {
        fail_msg(p, ctx, "flaky probe: om_get did not read the record from the view");
        return RECON_ERR_FAILED;
    }
    return RECON_OK;
}

static recon_status flaky_chunk(void *plugin, recon_ctx *ctx, uint32_t worker, const recon_event_batch *records)
{
    flaky *p = (flaky *)plugin;
    table_counts *w;
    size_t i;
    if (should_fail(p, FAIL_CHUNK)) {
        fail_msg(p, ctx, "flaky: failing reprocess_chunk on demand");
        return RECON_ERR_FAILED;
    }
    if (p->workers == NULL || worker >= p->worker_count) {
        fail_msg(p, ctx, "flaky: unknown worker");
        return RECON_ERR_INVALID;
    }
    if (p->probe && records->count > 0) {
        recon_status st = probe(p, ctx, records->events[0]);
        if (st != RECON_OK)
            return st;
    }
    w = &p->workers[worker];
    for (i = 0; i < records->count; i++) {
        const recon_event *ev = records->events[i];
        int t = find_or_add(w, ev->table);
        if (ev->action != RECON_PUT) {
            fail_msg(p, ctx, "flaky: reprocess records must be PUTs");
            return RECON_ERR_INVALID;
        }
        if (t < 0) {
            fail_msg(p, ctx, "flaky: too many tables");
            return RECON_ERR_FAILED;
        }
        w->counts[t]++;
    }
    return RECON_OK;
}

static recon_status flaky_merge(void *plugin, recon_ctx *ctx)
{
    flaky *p = (flaky *)plugin;
    table_counts total;
    uint32_t w;
    size_t i;
    if (should_fail(p, FAIL_MERGE)) {
        fail_msg(p, ctx, "flaky: failing reprocess_merge on demand");
        return RECON_ERR_FAILED;
    }
    memset(&total, 0, sizeof total);
    for (w = 0; w < p->worker_count; w++) {
        for (i = 0; i < p->workers[w].n; i++) {
            recon_str name;
            int t;
            name.ptr = p->workers[w].names[i];
            name.len = strlen(name.ptr);
            t = find_or_add(&total, name);
            if (t < 0)
                return RECON_ERR_FAILED;
            total.counts[t] += p->workers[w].counts[i];
        }
    }
    for (i = 0; i < total.n; i++) {
        recon_status st = add_count(p, ctx, total.names[i], strlen(total.names[i]), total.counts[i], 1);
        if (st != RECON_OK)
            return st;
    }
    free(p->workers);
    p->workers = NULL;
    p->worker_count = 0;
    return RECON_OK;
}

static const recon_task_descriptor descriptor = {
    .struct_size = sizeof(recon_task_descriptor),
    .abi_major = RECON_TASK_ABI_MAJOR,
    .abi_minor = RECON_TASK_ABI_MINOR,
    .name = "flaky",
    .version = "1.0.0",
    .description = "Counts OM keys per table and fails on demand (staging tests)",
    .built_with = "c",
    .om_table_count = 1,
    .om_tables = om_tables,
    .kv_table_count = 1,
    .kv_tables = kv_tables,
    .route_count = 0,
    .routes = NULL,
    .create = flaky_create,
    .destroy = flaky_destroy,
    .init_store = NULL,
    .process = flaky_process,
    .reprocess_begin = flaky_begin,
    .reprocess_chunk = flaky_chunk,
    .reprocess_merge = flaky_merge,
    .handle = NULL,
    .on_generation_switch = NULL,
};

RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host)
{
    (void)host;
    return &descriptor;
}
