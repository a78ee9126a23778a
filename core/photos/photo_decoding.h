#pragma once
//! Photos (docs/protocol.md §24) as untrusted bytes to pixels: the server does not decode what
//! it stores, so a photo or its thumbnail may be anything. Capped before and while decoding;
//! a null image means "show the letters". Pure, any thread (call it off the GUI thread).
#include <QByteArray>
#include <QImage>
#include <QSize>

namespace msgr::core {

//! The largest photo file decoded (the server's kMaxPhotoBytes).
inline constexpr qsizetype kMaxPhotoDecodeBytes = 5 * 1024 * 1024;
//! The largest width or height decoded: a small file may claim a huge canvas.
inline constexpr int kMaxPhotoDecodeSide = 4096;

//! The image in `bytes` (JPEG, PNG or WebP as the server allows, whatever Qt reads), scaled to
//! fit `requestedSize` when that is valid; null when it is too large or does not decode.
QImage decodePhoto(const QByteArray &bytes, QSize requestedSize = {});

} // namespace msgr::core
