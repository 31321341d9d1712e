/* Fixture: a plugin for a future ABI major. It exports only recon_task_entry_v2, so a
 * v1 host's dlsym("recon_task_entry_v1") fails and the host refuses, naming the entry
 * symbols it found (or not). The v2 shapes are unknown to this header; the function
 * just has to exist. */
#include <stddef.h>

#include "recon_task.h"

RECON_EXPORT const void *recon_task_entry_v2(const void *host);

RECON_EXPORT const void *recon_task_entry_v2(const void *host)
{
    (void)host;
    return NULL;
}
