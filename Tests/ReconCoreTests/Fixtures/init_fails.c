/* Fixture: a valid plugin whose create() fails with RECON_ERR_FAILED after explaining
 * why through set_error. The host must report the message with the plugin's name and
 * not start the plugin. */
#include <string.h>

#include "recon_task.h"

static recon_status fx_failing_create(const recon_host *host, recon_ctx *ctx, const recon_init_args *args,
                                      void **out_plugin)
{
    static const char msg[] = "database credentials missing";
    (void)args;
    *out_plugin = NULL;
    host->set_error(ctx, msg, strlen(msg));
    return RECON_ERR_FAILED;
}

#define FX_NAME "init_fails"
#define FX_CREATE fx_failing_create
#include "fixture_plugin.h"
