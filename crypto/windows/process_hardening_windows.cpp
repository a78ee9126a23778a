// Windows: no core files and no dumpable flag to clear (crash dumps are Windows Error
// Reporting's, configured per machine); both fields stay false and the process runs on.
#include "crypto/process_hardening.h"

namespace msgr::crypto {

HardeningResult disableCoreDumps() {
    return {};
}

} // namespace msgr::crypto
