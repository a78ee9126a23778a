#pragma once
//! Downloaded photos for QML's Image, decrypted in memory: "image://msgr-media/<file id>" asks
//! the MediaService to read the file from the encrypted cache on the transfer thread and
//! decodes it on Qt Quick's loader thread; no plain copy ever reaches the disk.
//!
//! Thread affinity: requestImageResponse is called on Qt Quick's threads; the response is
//! created and answered through queued calls, never blocking the GUI thread.
#include <QPointer>
#include <QQuickAsyncImageProvider>

class QQmlEngine;

namespace msgr::core {

class MediaService;

inline constexpr auto kMediaImageProviderId = "msgr-media";

class MediaImages {
public:
    static QString urlOf(const QString &fileId);
    //! Adds the provider to `engine` once (it owns it); a null `media` shows nothing.
    static void installInto(QQmlEngine *engine, MediaService *media);
};

class MediaImageProvider : public QQuickAsyncImageProvider {
public:
    explicit MediaImageProvider(MediaService *media) : m_media(media) {}
    QQuickImageResponse *requestImageResponse(const QString &id,
                                              const QSize &requestedSize) override;

private:
    QPointer<MediaService> m_media;
};

} // namespace msgr::core
