#include "core/media/attachment_description.h"

#include "core/media/upload_manager.h"
#include "core/media/video_poster.h"
#include "protocol/limits.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>

namespace msgr::core {

QByteArray makeThumbnail(const QString &path, int *width, int *height) {
    QImageReader reader(path);
    reader.setAutoTransform(true); // the photo as the camera held it
    const QSize size = reader.size();
    if (!reader.canRead() || !size.isValid() || size.isEmpty() ||
        qint64(size.width()) * size.height() > kMaxPhotoPixels ||
        size.width() > protocol::kMaxMediaDimension || size.height() > protocol::kMaxMediaDimension)
        return {};
    // Decoded already scaled where the format can (JPEG): a large photo never sits whole in
    // memory for a 96-pixel preview.
    reader.setScaledSize(
        size.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    const QByteArray jpeg = thumbnailJpeg(reader.read());
    if (jpeg.isEmpty())
        return {};
    // The transform may have turned the picture: its size as shown.
    const QSize shown = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90)
                            ? size.transposed()
                            : size;
    *width = shown.width();
    *height = shown.height();
    return jpeg;
}

QByteArray thumbnailJpeg(const QImage &picture) {
    if (picture.isNull())
        return {};
    const QImage image = std::max(picture.width(), picture.height()) > kThumbnailSide
                             ? picture.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio,
                                              Qt::SmoothTransformation)
                             : picture;
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    for (int quality = kThumbnailQuality; quality >= 10; quality -= 20) {
        jpeg.clear();
        buffer.seek(0);
        if (!image.convertToFormat(QImage::Format_RGB888).save(&buffer, "JPEG", quality))
            return {};
        if (jpeg.size() <= protocol::kMaxThumbnailBytes)
            break;
    }
    if (jpeg.size() > protocol::kMaxThumbnailBytes)
        return {};
    return jpeg;
}

std::optional<AttachmentDraft> describeFileForSending(const QString &localPath, QString *error) {
    std::optional<storage::UploadRecord> upload = UploadManager::recordFor(localPath, {}, error);
    if (!upload)
        return std::nullopt;
    AttachmentDraft draft;
    draft.upload = *upload;
    storage::AttachmentRecord &a = draft.attachment;
    a.size = upload->size;
    a.mime = upload->mimeType.left(protocol::kMaxMimeChars);
    a.name = upload->fileName.left(protocol::kMaxAttachmentNameChars);
    a.kind = storage::AttachmentKind::File;
    if (a.mime.startsWith(QLatin1String("image/"))) {
        int width = 0, height = 0;
        a.thumbnail = makeThumbnail(localPath, &width, &height);
        if (!a.thumbnail.isEmpty()) {
            a.kind = storage::AttachmentKind::Photo;
            a.width = width;
            a.height = height;
        }
    } else if (a.mime.startsWith(QLatin1String("video/"))) {
        a.kind = storage::AttachmentKind::Video;
        // Its first frame and length, so the receiver sees a picture before playing it.
        if (const std::optional<VideoPoster> poster = readVideoPoster(localPath)) {
            a.thumbnail = thumbnailJpeg(poster->frame);
            if (!a.thumbnail.isEmpty() && poster->frame.width() <= protocol::kMaxMediaDimension &&
                poster->frame.height() <= protocol::kMaxMediaDimension) {
                a.width = poster->frame.width();
                a.height = poster->frame.height();
            }
            a.durationMs = std::clamp<qint64>(poster->durationMs, 0, protocol::kMaxMediaDurationMs);
        }
    } else if (a.mime.startsWith(QLatin1String("audio/"))) {
        a.kind = storage::AttachmentKind::Audio;
    }
    return draft;
}

} // namespace msgr::core
