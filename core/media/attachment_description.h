#pragma once
//! What a file the user attaches becomes before it is sent: the upload's row and the
//! attachment its bubble shows (kind from the MIME type; a photo's dimensions and its small
//! inline JPEG thumbnail, made here on the device). Reads and decodes the file: call it on a
//! worker thread, never the GUI thread.
//!
//! Thread affinity: none (a pure function of the file).
#include "storage/records.h"

#include <QImage>
#include <QString>
#include <optional>

namespace msgr::core {

//! The thumbnail's longest side, in pixels, and its JPEG quality: a few KB, inline in the
//! message (the protocol's cap is protocol::kMaxThumbnailBytes).
inline constexpr int kThumbnailSide = 96;
inline constexpr int kThumbnailQuality = 60;
//! A photo larger than this (pixels) is sent as a file: decoding it to make a thumbnail
//! would take more memory than a phone should spend on it.
inline constexpr qint64 kMaxPhotoPixels = 100'000'000;

struct AttachmentDraft {
    storage::UploadRecord upload;         //!< id 0: not stored yet
    storage::AttachmentRecord attachment; //!< no file id, no upload id yet
};

//! Describes `localPath` for sending, or nothing with `error` set (not a readable file, too
//! large).
std::optional<AttachmentDraft> describeFileForSending(const QString &localPath, QString *error);

//! A JPEG of at most kThumbnailSide pixels on its longest side from the image at `path`
//! (decoded scaled down, not whole), and the image's size; empty when it is not an image.
QByteArray makeThumbnail(const QString &path, int *width, int *height);
//! `picture` as the inline thumbnail: scaled to kThumbnailSide, JPEG under the protocol's cap
//! (lower quality until it fits); empty when it does not fit or the picture is null.
QByteArray thumbnailJpeg(const QImage &picture);

} // namespace msgr::core
