// Android: QtKeychain keeps an RSA key pair per entry in the Android Keystore ("AndroidKeyStore",
// API level 18 or newer; Qt 6 requires 23) and the secret, encrypted with it, in the app's
// private settings. It needs the application context (Qt's QAndroidApplication), which every Qt
// app has once QGuiApplication runs; no permission and no user interaction. Nothing to probe.
#include "platform/keychain_probe.h"

namespace msgr::platform {

bool keychainBackendAvailable(QString *why) {
    if (why)
        why->clear();
    return true;
}

} // namespace msgr::platform
