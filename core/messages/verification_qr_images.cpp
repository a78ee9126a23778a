#include "core/messages/verification_qr_images.h"

#include "core/secret/verification_qr_image.h"

#include <QQmlEngine>
#include <QUrl>

namespace msgr::core {
namespace {

constexpr int kDefaultPixels = 280;
constexpr int kMaxPixels = 2048; // a bound on what a binding can make the provider draw

} // namespace

QImage VerificationQrImages::requestImage(const QString &id, QSize *size,
                                          const QSize &requestedSize) {
    const int pixels =
        requestedSize.width() > 0 ? std::min(requestedSize.width(), kMaxPixels) : kDefaultPixels;
    const QImage image = secret::qrImageOf(QUrl::fromPercentEncoding(id.toLatin1()), pixels);
    if (size)
        *size = image.size();
    return image;
}

QString VerificationQrImages::urlFor(const QString &code) {
    if (code.isEmpty())
        return {};
    return QStringLiteral("image://%1/%2")
        .arg(QLatin1String(kVerificationQrProviderId),
             QString::fromLatin1(QUrl::toPercentEncoding(code)));
}

void VerificationQrImages::installInto(QQmlEngine *engine) {
    const QString id = QLatin1String(kVerificationQrProviderId);
    if (engine && !engine->imageProvider(id))
        engine->addImageProvider(id, new VerificationQrImages);
}

} // namespace msgr::core
