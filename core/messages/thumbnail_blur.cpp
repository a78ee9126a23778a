#include "core/messages/thumbnail_blur.h"

#include <algorithm>
#include <array>

namespace msgr::core {
namespace {

//! One box pass along a line of `count` pixels `stride` apart (edges repeat the end pixel).
void boxBlurLine(QRgb *first, int count, int stride, int radius, QList<QRgb> &scratch) {
    scratch.resize(count);
    for (int i = 0; i < count; ++i)
        scratch[i] = first[qsizetype(i) * stride];
    const int window = 2 * radius + 1;
    std::array<int, 4> sum{};
    const auto add = [&sum](QRgb p, int sign) {
        sum[0] += sign * qRed(p);
        sum[1] += sign * qGreen(p);
        sum[2] += sign * qBlue(p);
        sum[3] += sign * qAlpha(p);
    };
    for (int k = -radius; k <= radius; ++k)
        add(scratch[std::clamp(k, 0, count - 1)], 1);
    for (int i = 0; i < count; ++i) {
        first[qsizetype(i) * stride] =
            qRgba(sum[0] / window, sum[1] / window, sum[2] / window, sum[3] / window);
        add(scratch[std::clamp(i - radius, 0, count - 1)], -1);
        add(scratch[std::clamp(i + radius + 1, 0, count - 1)], 1);
    }
}

} // namespace

QImage blurredPreview(const QImage &thumbnail) {
    if (thumbnail.isNull())
        return {};
    QImage image = thumbnail;
    if (std::max(image.width(), image.height()) > kBlurredPreviewSide)
        image = image.scaled(kBlurredPreviewSide, kBlurredPreviewSide, Qt::KeepAspectRatio,
                             Qt::SmoothTransformation);
    // Premultiplied: averaging colours of transparent pixels would bleed their colour in.
    image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const int width = image.width();
    const int height = image.height();
    const int stride = int(image.bytesPerLine() / sizeof(QRgb));
    auto *pixels = reinterpret_cast<QRgb *>(image.bits());
    QList<QRgb> scratch;
    for (int pass = 0; pass < 3; ++pass) { // three boxes: close to a Gaussian
        for (int y = 0; y < height; ++y)
            boxBlurLine(pixels + qsizetype(y) * stride, width, 1, kBlurredPreviewRadius, scratch);
        for (int x = 0; x < width; ++x)
            boxBlurLine(pixels + x, height, stride, kBlurredPreviewRadius, scratch);
    }
    return image;
}

} // namespace msgr::core
