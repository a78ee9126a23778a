#include "core/photos/photo_decoding.h"

#include <QBuffer>
#include <QImageReader>

namespace msgr::core {

QImage decodePhoto(const QByteArray &bytes, QSize requestedSize) {
    if (bytes.isEmpty() || bytes.size() > kMaxPhotoDecodeBytes)
        return {};
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return {};
    QImageReader reader(&buffer);
    // The header's claim is checked before any pixel is allocated.
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > kMaxPhotoDecodeSide ||
        size.height() > kMaxPhotoDecodeSide)
        return {};
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return {};
    if (requestedSize.isValid() && !requestedSize.isEmpty())
        image =
            image.scaled(requestedSize, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    return image;
}

} // namespace msgr::core
