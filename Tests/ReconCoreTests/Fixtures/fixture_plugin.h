/* The minimal valid plugin shared by the loader fixtures. A fixture defines the macros
 * that make it different, then includes this file:
 *   FX_NAME        descriptor name            (required)
 *   FX_VERSION     descriptor version         (default "1.0.0")
 *   FX_ABI_MAJOR   descriptor ABI major       (default RECON_TASK_ABI_MAJOR)
 *   FX_ABI_MINOR   descriptor ABI minor       (default RECON_TASK_ABI_MINOR)
 *   FX_BUILT_WITH  descriptor built_with      (default "c")
 *   FX_CREATE      a create function to use   (default: succeeds with no state)
 */
#include "recon_task.h"

#ifndef FX_VERSION
#define FX_VERSION "1.0.0"
#endif
#ifndef FX_ABI_MAJOR
#define FX_ABI_MAJOR RECON_TASK_ABI_MAJOR
#endif
#ifndef FX_ABI_MINOR
#define FX_ABI_MINOR RECON_TASK_ABI_MINOR
#endif
#ifndef FX_BUILT_WITH
#define FX_BUILT_WITH "c"
#endif

#ifndef FX_CREATE
static recon_status fx_create(const recon_host *host, recon_ctx *ctx, const recon_init_args *args,
                              void **out_plugin)
{
    (void)host;
    (void)ctx;
    (void)args;
    *out_plugin = NULL;
    return RECON_OK;
}
#define FX_CREATE fx_create
#endif

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
    .abi_major = FX_ABI_MAJOR,
    .abi_minor = FX_ABI_MINOR,
    .name = FX_NAME,
    .version = FX_VERSION,
    .description = "loader test fixture",
    .built_with = FX_BUILT_WITH,
    .om_table_count = 1,
    .om_tables = fx_tables,
    .create = FX_CREATE,
    .process = fx_process,
};

RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host)
{
    (void)host;
    return &fx_descriptor;
}
