#include "core/secret/verification_qr.h"

#include <qrencode.h>

#include <memory>

namespace msgr::core::secret {

std::optional<QrModules> encodeQr(const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty() || utf8.size() > kMaxQrText)
        return std::nullopt;
    // Version 0: the smallest that fits. Case-sensitive 8-bit hint: libqrencode still picks
    // the numeric and alphanumeric modes where the text allows them.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code || code->width <= 0)
        return std::nullopt;
    QrModules out;
    out.size = code->width;
    out.dark.resize(qsizetype(out.size) * out.size);
    for (qsizetype i = 0; i < out.dark.size(); ++i)
        out.dark[i] = static_cast<char>(code->data[i] & 1); // bit 0: dark; the rest: metadata
    return out;
}

QString qrAsText(const QrModules &modules) {
    const int total = modules.size + 2 * kQrQuietZone;
    auto dark = [&](int x, int y) {
        x -= kQrQuietZone;
        y -= kQrQuietZone;
        return x >= 0 && y >= 0 && x < modules.size && y < modules.size && modules.isDark(x, y);
    };
    QString out;
    for (int y = 0; y < total; y += 2) {
        for (int x = 0; x < total; ++x) {
            const bool top = dark(x, y);
            const bool bottom = y + 1 < total && dark(x, y + 1);
            // Full block, upper half, lower half, space.
            out += top && bottom ? QChar(0x2588)
                   : top         ? QChar(0x2580)
                   : bottom      ? QChar(0x2584)
                                 : QChar(QLatin1Char(' '));
        }
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace msgr::core::secret
