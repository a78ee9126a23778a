#include "core/messages/media_images.h"

#include "core/media/media_service.h"

#include <QCoreApplication>
#include <QImage>
#include <QQmlEngine>
#include <QThreadPool>
#include <QUrl>

namespace msgr::core {
namespace {

//! One image: the bytes come from the transfer thread, the decoding runs on the thread pool.
class MediaImageResponse : public QQuickImageResponse {
public:
    QQuickTextureFactory *textureFactory() const override {
        return QQuickTextureFactory::textureFactoryForImage(m_image);
    }
    QString errorString() const override { return m_error; }

    void finishWith(QImage image, QString error) {
        m_image = std::move(image);
        m_error = std::move(error);
        emit finished();
    }

private:
    QImage m_image;
    QString m_error;
};

} // namespace

QString MediaImages::urlOf(const QString &fileId) {
    return QStringLiteral("image://%1/%2").arg(QLatin1String(kMediaImageProviderId), fileId);
}

void MediaImages::installInto(QQmlEngine *engine, MediaService *media) {
    const QString id = QLatin1String(kMediaImageProviderId);
    if (engine && media && !engine->imageProvider(id))
        engine->addImageProvider(id, new MediaImageProvider(media));
}

QQuickImageResponse *MediaImageProvider::requestImageResponse(const QString &id,
                                                              const QSize &requestedSize) {
    auto *response = new MediaImageResponse;
    // The response is used from the GUI thread (where the media service lives) onwards.
    response->moveToThread(QCoreApplication::instance()->thread());
    QMetaObject::invokeMethod(
        response,
        [response, media = m_media, fileId = id, requestedSize] {
            if (!media)
                return response->finishWith({}, QStringLiteral("no media"));
            media->readIntoMemory(
                fileId, response,
                [response, requestedSize](const QByteArray &bytes, const QString &error) {
                    if (bytes.isEmpty())
                        return response->finishWith({}, error);
                    QThreadPool::globalInstance()->start([response, bytes, requestedSize] {
                        QImage image = QImage::fromData(bytes);
                        // QML's sourceSize: a side of 0 is not given (sourceSize.width alone
                        // bounds the width), and a picture is only scaled down, never up, as
                        // Image does with a file. Scaling to a size with a 0 side made a null
                        // image: the bubble's full photo never showed.
                        const QSize bound(
                            requestedSize.width() > 0 ? requestedSize.width() : image.width(),
                            requestedSize.height() > 0 ? requestedSize.height() : image.height());
                        if (!image.isNull() &&
                            (requestedSize.width() > 0 || requestedSize.height() > 0) &&
                            (image.width() > bound.width() || image.height() > bound.height()))
                            image =
                                image.scaled(bound, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                        QMetaObject::invokeMethod(
                            response,
                            [response, image] {
                                response->finishWith(image, image.isNull()
                                                                ? QStringLiteral("not an image")
                                                                : QString());
                            },
                            Qt::QueuedConnection);
                    });
                });
        },
        Qt::QueuedConnection);
    return response;
}

} // namespace msgr::core
