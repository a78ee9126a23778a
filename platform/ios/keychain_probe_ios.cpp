// iOS: QtKeychain stores secrets through the Security framework (SecItem) in the app's own
// keychain, which every app has without an entitlement (one is needed only to share items with
// other apps through an access group). Items written while the device is locked follow the
// keychain's default accessibility; a read before the first unlock after boot fails in the job.
#include "platform/keychain_probe.h"

namespace msgr::platform {

bool keychainBackendAvailable(QString *why) {
    if (why)
        why->clear();
    return true;
}

} // namespace msgr::platform
