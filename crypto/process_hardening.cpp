#include "crypto/process_hardening.h"

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace msgr::crypto {

HardeningResult disableCoreDumps() {
    HardeningResult result;
#ifdef Q_OS_LINUX
    result.notDumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
#endif
#ifdef Q_OS_UNIX
    // Soft and hard limit both 0: the process cannot raise it again later by itself.
    const struct rlimit none { 0, 0 };
    result.noCoreFile = ::setrlimit(RLIMIT_CORE, &none) == 0;
#endif
    return result;
}

} // namespace msgr::crypto
