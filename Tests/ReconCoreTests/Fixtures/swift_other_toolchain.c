/* Fixture: a descriptor claiming to be a Swift plugin built by another Swift toolchain.
 * Swift's ABI is not stable on Linux, so the host must refuse it. */
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
    .abi_major = RECON_TASK_ABI_MAJOR,
    .abi_minor = RECON_TASK_ABI_MINOR,
    .name = "swift_other_toolchain",
    .version = "1.0.0",
    .description = "loader test fixture",
    .built_with = "swift-5.10.1",
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
