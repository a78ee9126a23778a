#pragma once
//! The app's media parts over one test::ClientApp, as ClientRoot builds them: the transfers
//! (MediaService, its cache in the profile folder) and the attachment sender, which is also
//! what removes a pending message (MessageListModel::cancelPending).
#include "client_app.h"
#include "core/media/media_service.h"
#include "core/messages/attachment_sender.h"

#include <QDir>

namespace msgr::test {

struct ClientMedia {
    //! `mediaUrl`: where the transfers go (a relay in front of the server, or the server).
    ClientMedia(ClientApp &app, const QString &profileDir, const QUrl &mediaUrl,
                const core::UploadSettings &settings = {})
        : service(&app.store, QDir(profileDir).filePath(QStringLiteral("media-cache")), settings),
          sender(app.context.get(), &service) {
        app.context->setMedia(&service, &sender);
        context = app.context.get();
        service.useProfileSession(mediaUrl);
    }
    ~ClientMedia() { context->setMedia(nullptr, nullptr); }
    ClientMedia(const ClientMedia &) = delete;
    ClientMedia &operator=(const ClientMedia &) = delete;

    core::MediaService service;
    core::AttachmentSender sender;
    core::CoreContext *context = nullptr;
};

} // namespace msgr::test
