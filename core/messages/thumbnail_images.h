#pragma once
//! Attachments' inline thumbnails for QML's Image, from memory: the message model puts each
//! thumbnail's bytes here as rows load (they came with the message from the encrypted
//! database) and hands QML "image://msgr-thumbnail/<key>"; the provider decodes them, never
//! touching the disk. Bounded (kMaxThumbnailCacheBytes): a dropped entry is put back when its
//! row is shown again.
//!
//! Thread affinity: any thread (a mutex guards the bytes; QML may decode on its loader thread).
#include <QByteArray>
#include <QQuickImageProvider>
#include <QString>

class QQmlEngine;

namespace msgr::core {

inline constexpr qsizetype kMaxThumbnailCacheBytes = 16 * 1024 * 1024;
inline constexpr auto kThumbnailProviderId = "msgr-thumbnail";
//! "image://msgr-thumbnail/blur/<key>" is the same thumbnail as a blurred preview
//! (thumbnail_blur.h): QML puts the prefix in front of the key of the URL put() gave.
inline constexpr auto kBlurredThumbnailPrefix = "blur/";

class ThumbnailImages {
public:
    //! Keeps `bytes` under `key`; returns the URL an Image shows them with (empty when none).
    static QString put(const QString &key, const QByteArray &bytes);
    static QByteArray take(const QString &key);
    //! Adds the provider to `engine` once (it owns it).
    static void installInto(QQmlEngine *engine);
};

class ThumbnailImageProvider : public QQuickImageProvider {
public:
    ThumbnailImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) {}
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

} // namespace msgr::core
