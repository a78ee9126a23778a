// Linux and Android (the same kernel): not dumpable through prctl, and no core file.
#include "crypto/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace msgr::crypto {

HardeningResult disableCoreDumps() {
    HardeningResult result;
    result.notDumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    // Soft and hard limit both 0: the process cannot raise it again later by itself.
    const struct rlimit none { 0, 0 };
    result.noCoreFile = ::setrlimit(RLIMIT_CORE, &none) == 0;
    return result;
}

} // namespace msgr::crypto
