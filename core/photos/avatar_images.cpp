#include "core/photos/avatar_images.h"

#include "core/media/media_service.h"
#include "core/photos/photo_decoding.h"
#include "storage/profile_store.h"
#include "storage/tables/photos_table.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>
#include <QQmlEngine>
#include <QThreadPool>
#include <algorithm>
#include <memory>

namespace msgr::core {
namespace {

//! One account's store and media, as the URLs name them (GUI thread only).
struct AvatarSource {
    QPointer<storage::ProfileStore> store;
    QPointer<MediaService> media;
};

QHash<int, AvatarSource> &avatarSources() {
    static QHash<int, AvatarSource> s;
    return s;
}

int sourceKeyOf(storage::ProfileStore *store, MediaService *media) {
    QHash<int, AvatarSource> &all = avatarSources();
    for (auto it = all.begin(); it != all.end();) {
        if (!it->store) { // that account was closed
            it = all.erase(it);
            continue;
        }
        if (it->store == store && it->media == media)
            return it.key();
        ++it;
    }
    static int next = 0;
    all.insert(++next, AvatarSource{store, media});
    return next;
}

//! The centre square of `image` inside a circle, transparent around it: the avatar's shape
//! (Qt Quick 6.4 has no cheap round clip of an Image).
QImage roundAvatar(const QImage &image) {
    if (image.isNull())
        return {};
    const int side = std::min(image.width(), image.height());
    QImage out(side, side, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath circle;
    circle.addEllipse(QRectF(0, 0, side, side));
    painter.setClipPath(circle);
    painter.drawImage(QPoint(0, 0), image,
                      QRect((image.width() - side) / 2, (image.height() - side) / 2, side, side));
    return out;
}

class AvatarImageResponse : public QQuickImageResponse {
public:
    explicit AvatarImageResponse(QSize requestedSize) : m_requestedSize(requestedSize) {}
    QQuickTextureFactory *textureFactory() const override {
        return QQuickTextureFactory::textureFactoryForImage(m_image);
    }
    QString errorString() const override { return m_error; }

    //! Decodes `bytes` on the thread pool, then finishes on this object's (GUI) thread.
    void decode(const QByteArray &bytes) {
        if (bytes.isEmpty())
            return fail(QStringLiteral("no photo"));
        QThreadPool::globalInstance()->start(
            [self = QPointer(this), bytes, size = m_requestedSize] {
                QImage image = roundAvatar(decodePhoto(bytes, size));
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [self, image = std::move(image)] {
                        if (self)
                            self->finishWith(image, image.isNull() ? QStringLiteral("not an image")
                                                                   : QString());
                    },
                    Qt::QueuedConnection);
            });
    }
    void fail(const QString &error) { finishWith({}, error); }

private:
    void finishWith(QImage image, QString error) {
        if (m_finished)
            return;
        m_finished = true;
        m_image = std::move(image);
        m_error = std::move(error);
        emit finished();
    }

    QSize m_requestedSize;
    QImage m_image;
    QString m_error;
    bool m_finished = false;
};

void loadThumbnail(AvatarImageResponse *response, storage::ProfileStore *store,
                   const QString &fileId) {
    store->read(
        [fileId](storage::ReadTransaction &tx) {
            return storage::PhotosTable::thumbnailOf(tx, fileId).value_or(QByteArray());
        },
        response, [response](const QByteArray &thumbnail) { response->decode(thumbnail); });
}

//! The photo from the media cache; downloaded first when it is not there.
void loadPhoto(AvatarImageResponse *response, MediaService *media, const QString &fileId) {
    media->readIntoMemory(
        fileId, response,
        [response, media = QPointer(media), fileId](const QByteArray &bytes, const QString &) {
            if (!bytes.isEmpty())
                return response->decode(bytes);
            if (!media)
                return response->fail(QStringLiteral("no media"));
            // Not cached yet: fetch it (§24.3 lets every viewer who may see it), then read.
            auto readWhenDone = [response, media, fileId] {
                const auto progress = media ? media->download(fileId) : std::nullopt;
                if (!progress)
                    return false;
                if (progress->state == TransferState::Failed) {
                    response->fail(progress->error);
                    return true;
                }
                if (progress->state != TransferState::Done)
                    return false;
                media->readIntoMemory(fileId, response,
                                      [response](const QByteArray &read, const QString &error) {
                                          if (read.isEmpty())
                                              return response->fail(error);
                                          response->decode(read);
                                      });
                return true;
            };
            auto watch = std::make_shared<QMetaObject::Connection>();
            *watch = QObject::connect(media, &MediaService::downloadChanged, response,
                                      [readWhenDone, fileId, watch](const QString &changed) {
                                          if (changed == fileId && readWhenDone())
                                              QObject::disconnect(*watch);
                                      });
            media->requestDownload(fileId, QStringLiteral("photo-%1.jpg").arg(fileId), 0);
        });
}

} // namespace

QString AvatarImages::urlOf(storage::ProfileStore *store, MediaService *media,
                            const QString &fileId) {
    if (!store || fileId.isEmpty())
        return {};
    return QStringLiteral("image://%1/%2/%3")
        .arg(QLatin1String(kAvatarProviderId))
        .arg(sourceKeyOf(store, media))
        .arg(fileId);
}

void AvatarImages::installInto(QQmlEngine *engine) {
    const QString id = QLatin1String(kAvatarProviderId);
    if (engine && !engine->imageProvider(id))
        engine->addImageProvider(id, new AvatarImageProvider);
}

QQuickImageResponse *AvatarImageProvider::requestImageResponse(const QString &id,
                                                               const QSize &requestedSize) {
    auto *response = new AvatarImageResponse(requestedSize);
    // The store, the media and the response are the GUI thread's.
    response->moveToThread(QCoreApplication::instance()->thread());
    QMetaObject::invokeMethod(
        response,
        [response, id] {
            // "<source>/<file id>" or "<source>/<file id>/thumb"
            const QStringList parts = id.split(QLatin1Char('/'));
            const AvatarSource source =
                parts.size() >= 2 ? avatarSources().value(parts[0].toInt()) : AvatarSource{};
            const bool thumb = parts.size() == 3 && parts[2] == QLatin1String("thumb");
            if (!source.store || parts.size() > 3 || (parts.size() == 3 && !thumb) ||
                parts[1].isEmpty())
                return response->fail(QStringLiteral("no such photo"));
            if (thumb)
                return loadThumbnail(response, source.store, parts[1]);
            if (!source.media)
                return response->fail(QStringLiteral("no media"));
            loadPhoto(response, source.media, parts[1]);
        },
        Qt::QueuedConnection);
    return response;
}

} // namespace msgr::core
