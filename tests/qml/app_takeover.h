#pragma once
//! How the QML tests against the real server start the app: a protocol client signs up (and
//! prepares chats, channels, messages), then the app takes its session over, as if the user had
//! signed in on this device earlier. Header-only; include from one test file each.
#include "app/client_root.h"
#include "core/account/client_config.h"
#include "core/account/session.h"
#include "storage/profile_store.h"
#include "tests/core/core_test_helpers.h"
#include "tests/support/test_client.h"

#include <QString>
#include <QTest>
#include <QUrl>
#include <memory>

namespace msgr::test::qml {

//! Writes `client`'s session into the profile at `profileDir`, under `username`, as the app
//! leaves it after a sign-in. False when the profile cannot be opened.
inline bool seedProfile(const QString &profileDir, const TestClient &client,
                        const QString &username) {
    storage::ProfileStore seed;
    if (!openStore(seed, profileDir))
        return false;
    saveAccount(seed, {client.userId(), client.deviceId(), username, client.token(), 0});
    flush(seed);
    return true;
}

//! Hands `client`'s session to a real app on the profile at `profileDir`, starts it and waits
//! (at most `signInTimeoutMs`) until the session is signed in: the protocol client closes
//! first, so the session is the app's alone. Null when the profile cannot be written or the
//! app did not sign in in time; the caller waits for anything more it needs (Online).
inline std::unique_ptr<app::ClientRoot> takeOverSession(TestClient &client, const QString &username,
                                                        const QUrl &serverUrl,
                                                        const QString &profileDir,
                                                        int signInTimeoutMs) {
    if (!seedProfile(profileDir, client, username))
        return nullptr;
    client.close();
    core::ClientConfig config;
    config.serverUrl = serverUrl;
    config.profileDir = profileDir;
    config.rawKey = testKey();
    auto root = std::make_unique<app::ClientRoot>(config);
    root->start();
    const bool signedIn = QTest::qWaitFor(
        [&] { return root->session()->state() == core::Session::SignedIn; }, signInTimeoutMs);
    if (!signedIn)
        return nullptr;
    return root;
}

} // namespace msgr::test::qml
