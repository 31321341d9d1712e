/* Fixture: exports recon_task_entry_v1, but its descriptor claims ABI major 2. The
 * host must refuse: majors must match. */
#include "recon_task.h"

static recon_status fx_create(const recon_host *host, recon_ctx *ctx, const recon_init_args *args,
                              void **out_plugin)
{
    (void)host;
    (void)ctx;
    (void)args;
    *out_plugin = NULL;
    return RECON_OK;
}

static recon_status fx_process(void *plugin, recon_ctx *ctx, const recon_event_batch *batch)
{
    (void)plugin;
    (void)ctx;
    (void)batch;
    return RECON_OK;
}

static const char *const fx_tables[] = { "keyTable" };

static const recon_task_descriptor fx_descriptor = {
    .struct_size = sizeof(recon_task_descriptor),
    .abi_major = 2,
    .abi_minor = 0,
    .name = "abi_major_mismatch",
    .version = "1.0.0",
    .description = "loader test fixture",
    .built_with = "c",
    .om_table_count = 1,
    .om_tables = fx_tables,
    .create = fx_create,
    .process = fx_process,
};

RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host)
{
    (void)host;
    return &fx_descriptor;
}
