#pragma once
//! A QR code of a secret chat's verification code (docs/protocol.md §12.6), drawn by
//! libqrencode (error correction M): the modules as a square of dark/light cells, for the app
//! to paint into an image and for msgr-cli to print with block characters. Pure, thread-safe
//! (libqrencode's encoder is reentrant).
#include <QByteArray>
#include <QString>
#include <optional>

namespace msgr::core::secret {

//! QR codes' own quiet zone, in modules, around every rendering.
inline constexpr int kQrQuietZone = 4;
//! The longest text encoded (a verification code is 70 characters).
inline constexpr int kMaxQrText = 256;

struct QrModules {
    int size = 0;    // modules per side
    QByteArray dark; // size * size cells, row by row: 1 dark, 0 light
    bool isDark(int x, int y) const { return dark.at(y * size + x) != 0; }
};

//! The modules of `text` (UTF-8); nullopt for an empty or over-long text, or an encoder error.
std::optional<QrModules> encodeQr(const QString &text);
//! The code as lines of Unicode half blocks (two module rows per line, the quiet zone
//! included), dark modules dark on a light terminal background as scanners expect: print it on
//! a light background or invert.
QString qrAsText(const QrModules &modules);

} // namespace msgr::core::secret
