/* Fixture: one of two valid plugins that share the name "dup" (see dup_name_b.c). The
 * host must refuse the second one loaded. */
#define FX_NAME "dup"
#include "fixture_plugin.h"
