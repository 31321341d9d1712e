/* Fixture: a descriptor built against a newer ABI minor than the host's. The host must
 * refuse and ask for an upgrade of recond. */
#define FX_NAME "abi_minor_newer"
#define FX_ABI_MINOR (RECON_TASK_ABI_MINOR + 1)
#include "fixture_plugin.h"
