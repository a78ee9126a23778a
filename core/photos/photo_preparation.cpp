#include "core/photos/photo_preparation.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QImageReader>

#include <algorithm>

namespace msgr::core {
namespace {

QByteArray jpegOf(const QImage &image, int quality) {
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", quality);
    return out;
}

//! The centre square of `image`, `side` px at most.
QImage squareOf(const QImage &image, int side) {
    const int square = std::min(image.width(), image.height());
    const QImage cropped =
        image.copy((image.width() - square) / 2, (image.height() - square) / 2, square, square);
    const int target = std::min(square, side);
    return cropped.scaled(target, target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
        .convertToFormat(QImage::Format_RGB32);
}

} // namespace

std::optional<PreparedPhoto> preparePhotoFrom(const QByteArray &bytes, QString *error) {
    auto fail = [error](const QString &why) -> std::optional<PreparedPhoto> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (bytes.size() > kMaxPickedPictureBytes)
        return fail(QCoreApplication::translate("PhotoPreparation", "The picture is too large."));
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true); // a camera's rotation
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > kMaxPickedPictureSide ||
        size.height() > kMaxPickedPictureSide)
        return fail(QCoreApplication::translate("PhotoPreparation",
                                                "This file is not a picture that can be used."));
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return fail(QCoreApplication::translate("PhotoPreparation",
                                                "This file is not a picture that can be used."));
    PreparedPhoto out;
    out.jpeg = jpegOf(squareOf(image, kPhotoSide), 85);
    const QImage thumb = squareOf(image, kPhotoThumbnailSide);
    for (int quality = 80; quality >= 20; quality -= 15) {
        out.thumbnail = jpegOf(thumb, quality);
        if (out.thumbnail.size() <= kMaxPhotoThumbnailBytes)
            break;
    }
    if (out.jpeg.isEmpty() || out.thumbnail.size() > kMaxPhotoThumbnailBytes)
        out.thumbnail.clear(); // a photo without a thumbnail is still a photo
    if (out.jpeg.isEmpty())
        return fail(
            QCoreApplication::translate("PhotoPreparation", "The picture could not be converted."));
    return out;
}

std::optional<PreparedPhoto> preparePhoto(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("PhotoPreparation", "The file cannot be read.");
        return std::nullopt;
    }
    if (file.size() > kMaxPickedPictureBytes) {
        if (error)
            *error = QCoreApplication::translate("PhotoPreparation", "The picture is too large.");
        return std::nullopt;
    }
    return preparePhotoFrom(file.read(kMaxPickedPictureBytes + 1), error);
}

} // namespace msgr::core
