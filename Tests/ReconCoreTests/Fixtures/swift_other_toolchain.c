/* Fixture: a descriptor claiming to be a Swift plugin built by another Swift toolchain.
 * Swift's ABI is not stable on Linux, so the host must refuse it. */
#define FX_NAME "swift_other_toolchain"
#define FX_BUILT_WITH "swift-5.10.1"
#include "fixture_plugin.h"
