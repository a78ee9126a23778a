#pragma once
//! What the app tells the core before QML loads: where the server is and where the profile lives.
#include "core/account/device_name.h"
#include "core/net/proxy_settings.h"
#include "crypto/key_wrap.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

namespace msgr::core {

struct ClientConfig {
    //! ws:// or wss:// address of the sync server (the app's --server).
    QUrl serverUrl;
    //! Directory of this profile's encrypted database (the app's --profile). Created if missing.
    QString profileDir;
    //! Shown in the account's device list: the machine's name and system (device_name.h).
    QString deviceName = defaultDeviceName();
    //! A 32-byte database key supplied directly (tests, or an app with its own key handling).
    //! Empty: the platform key provider is asked, and without a keychain the user's passphrase.
    QByteArray rawKey;
    //! Allows unencrypted ws:// to another machine for this run only (the app's developer flag
    //! --allow-insecure-ws), whatever the profile's saved setting says. Never saved.
    bool allowInsecureTransport = false;
    //! The proxy for this run only (msgr-cli --proxy), whatever the profile's saved setting
    //! says; never saved. Unset: the profile's setting (Settings > Proxy).
    std::optional<ProxySettings> proxy;
    //! Argon2id cost of a passphrase created for this profile (no keychain). Opening an
    //! existing key.wrapped uses the cost written in it.
    crypto::KeyWrapCost passphraseCost;
};

} // namespace msgr::core
