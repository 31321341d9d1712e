/* Fixture: exports recon_task_entry_v1 but its descriptor says ABI major 2. The host
 * must refuse: major versions must match. */
#define FX_NAME "abi_major_mismatch"
#define FX_ABI_MAJOR 2
#include "fixture_plugin.h"
