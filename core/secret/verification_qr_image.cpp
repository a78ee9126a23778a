#include "core/secret/verification_qr_image.h"

#include <algorithm>

namespace msgr::core::secret {

QImage qrImage(const QrModules &modules, int moduleSize) {
    if (modules.size <= 0 || moduleSize <= 0)
        return {};
    const int side = (modules.size + 2 * kQrQuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < modules.size; ++y)
        for (int x = 0; x < modules.size; ++x) {
            if (!modules.isDark(x, y))
                continue;
            for (int py = 0; py < moduleSize; ++py) {
                uchar *line = image.scanLine((y + kQrQuietZone) * moduleSize + py);
                std::fill_n(line + (x + kQrQuietZone) * moduleSize, moduleSize, uchar{0});
            }
        }
    return image;
}

QImage qrImageOf(const QString &text, int pixels) {
    const std::optional<QrModules> modules = encodeQr(text);
    if (!modules)
        return {};
    return qrImage(*modules, std::max(1, pixels / (modules->size + 2 * kQrQuietZone)));
}

} // namespace msgr::core::secret
