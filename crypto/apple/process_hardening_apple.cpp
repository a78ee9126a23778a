// macOS and iOS: no prctl (notDumpable stays false); the core size limit is POSIX.
#include "crypto/process_hardening.h"

#include <sys/resource.h>

namespace msgr::crypto {

HardeningResult disableCoreDumps() {
    HardeningResult result;
    // Soft and hard limit both 0: the process cannot raise it again later by itself.
    const struct rlimit none { 0, 0 };
    result.noCoreFile = ::setrlimit(RLIMIT_CORE, &none) == 0;
    return result;
}

} // namespace msgr::crypto
