/* Fixture: exports recon_task_entry_v1, which returns NULL (the plugin refuses this
 * host). The host must refuse to load it and say so. */
#include <stddef.h>

#include "recon_task.h"

RECON_EXPORT const recon_task_descriptor *recon_task_entry_v1(const recon_host_info *host)
{
    (void)host;
    return NULL;
}
