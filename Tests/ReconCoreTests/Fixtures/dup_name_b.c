/* Fixture: the second plugin named "dup" (another version, so the two can be told
 * apart). The host must refuse it: "duplicate plugin name". */
#define FX_NAME "dup"
#define FX_VERSION "2.0.0"
#include "fixture_plugin.h"
