#include "core/messages/thumbnail_images.h"

#include "core/messages/thumbnail_blur.h"

#include <QCache>
#include <QImage>
#include <QMutex>
#include <QQmlEngine>
#include <QUrl>

namespace msgr::core {
namespace {

struct Store {
    QMutex mutex;
    QCache<QString, QByteArray> bytes{kMaxThumbnailCacheBytes};
};

Store &store() {
    static Store s;
    return s;
}

} // namespace

QString ThumbnailImages::put(const QString &key, const QByteArray &bytes) {
    if (bytes.isEmpty() || key.isEmpty())
        return {};
    {
        Store &s = store();
        const QMutexLocker lock(&s.mutex);
        if (!s.bytes.contains(key))
            s.bytes.insert(key, new QByteArray(bytes), std::max<qsizetype>(1, bytes.size()));
    }
    return QStringLiteral("image://%1/%2")
        .arg(QLatin1String(kThumbnailProviderId),
             QString::fromLatin1(QUrl::toPercentEncoding(key)));
}

QByteArray ThumbnailImages::take(const QString &key) {
    Store &s = store();
    const QMutexLocker lock(&s.mutex);
    const QByteArray *bytes = s.bytes.object(key);
    return bytes ? *bytes : QByteArray();
}

void ThumbnailImages::installInto(QQmlEngine *engine) {
    const QString id = QLatin1String(kThumbnailProviderId);
    if (engine && !engine->imageProvider(id))
        engine->addImageProvider(id, new ThumbnailImageProvider);
}

QImage ThumbnailImageProvider::requestImage(const QString &id, QSize *size,
                                            const QSize &requestedSize) {
    // "blur/<key>": the blurred preview (thumbnail_blur.h), made here on QML's loader thread
    // and left small: the Image scales it up, which blurs it further.
    const bool blurred = id.startsWith(QLatin1String(kBlurredThumbnailPrefix));
    const QString key = blurred ? id.mid(qsizetype(qstrlen(kBlurredThumbnailPrefix))) : id;
    QImage image =
        QImage::fromData(ThumbnailImages::take(QUrl::fromPercentEncoding(key.toLatin1())));
    if (blurred)
        image = blurredPreview(image);
    else if (!image.isNull() && requestedSize.isValid())
        image = image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (size)
        *size = image.size();
    return image;
}

} // namespace msgr::core
