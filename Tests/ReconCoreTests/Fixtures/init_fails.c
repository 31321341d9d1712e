/* Fixture: a valid plugin whose create() fails with RECON_ERR_FAILED after explaining
 * why through set_error. The host must report the message with the plugin's name and
 * not start the plugin. */
#include <string.h>

#include "recon_task.h"

static recon_status fx_create(const recon_host *host, recon_ctx *ctx, const recon_init_args *args,
                              void **out_plugin)
{
    static const char msg[] = "database credentials missing";
    (void)args;
    *out_plugin = NULL;
    host->set_error(ctx, msg, strlen(msg));
    return RECON_ERR_FAILED;
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
    .abi_major = RECON_TASK_ABI_MAJOR,
    .abi_minor = RECON_TASK_ABI_MINOR,
    .name = "init_fails",
    .version = "1.0.0",
    .description = "loader test fixture: create fails",
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
