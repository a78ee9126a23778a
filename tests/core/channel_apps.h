#pragma once
//! The set-up of the channel tests that run the whole client against the real server: client
//! apps signed up and in sync, and a channel act (ChannelService's callback style) awaited.
//! Header-only, like client_app.h.
#include "client_app.h"
#include "core/channels/channel_service.h"
#include "tests/support/await.h"

#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

namespace msgr::test {

//! The engine's answer to one channel act (`act` starts it with a context and the callback).
inline core::ChannelOutcome
awaitChannelOutcome(const std::function<void(QObject *, core::ChannelDone)> &act) {
    QObject context;
    std::optional<core::ChannelOutcome> outcome;
    act(&context, [&outcome](const core::ChannelOutcome &o) { outcome = o; });
    awaitCondition([&] { return outcome.has_value(); }, "the channel act answered");
    return *outcome;
}

//! A client app on the profile at `dir`, started and signed up as `name` with the display name
//! `displayName`, once in sync. As in the app's Session, the names the engine stores reach the
//! names cache. Null when the profile cannot be opened.
inline std::unique_ptr<ClientApp> signedUpChannelApp(const QString &dir, const QUrl &url,
                                                     const QString &deviceName, const QString &name,
                                                     const QString &displayName,
                                                     const QString &password) {
    auto app = std::make_unique<ClientApp>(dir, url, deviceName);
    if (!app->opened)
        return nullptr;
    QObject::connect(app->engine, &core::SyncEngine::usersStored, app->context.get(),
                     &core::CoreContext::usersUpdated);
    app->start();
    app->engine->signUp(name, password, displayName);
    awaitCondition([&] { return app->syncs > 0 && app->userId > 0; }, "signed up, in sync");
    return app;
}

} // namespace msgr::test
