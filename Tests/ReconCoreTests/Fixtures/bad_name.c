/* Fixture: a descriptor whose name breaks the naming rule [a-z][a-z0-9_]{0,63}. */
#define FX_NAME "Bad Name!"
#include "fixture_plugin.h"
