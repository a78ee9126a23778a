#pragma once
//! A picture the user picked, made into what §24 uploads: the centre square scaled to
//! kPhotoSide px as a JPEG, and a kPhotoThumbnailSide px JPEG thumbnail of at most
//! kMaxPhotoThumbnailBytes (the server's cap). Pure, any thread (run it off the GUI thread: it
//! reads the file and decodes it).
#include <QByteArray>
#include <QString>

#include <optional>

namespace msgr::core {

inline constexpr int kPhotoSide = 640;
inline constexpr int kPhotoThumbnailSide = 64;
inline constexpr qsizetype kMaxPhotoThumbnailBytes = 16 * 1024;
//! The largest picked file read (a camera's photo fits; a film does not).
inline constexpr qint64 kMaxPickedPictureBytes = 64 * 1024 * 1024;
//! The largest picked picture's side decoded.
inline constexpr int kMaxPickedPictureSide = 16384;

struct PreparedPhoto {
    QByteArray jpeg;      //!< kPhotoSide x kPhotoSide (smaller pictures stay their size)
    QByteArray thumbnail; //!< kPhotoThumbnailSide x kPhotoThumbnailSide, ≤ kMaxPhotoThumbnailBytes
};

//! The prepared photo of the picture file at `path`; nullopt (and `error`) when it cannot be
//! read, is too large or is not a picture.
std::optional<PreparedPhoto> preparePhoto(const QString &path, QString *error);
//! The same from a picture's bytes (tests, and the file's read above).
std::optional<PreparedPhoto> preparePhotoFrom(const QByteArray &bytes, QString *error);

} // namespace msgr::core
