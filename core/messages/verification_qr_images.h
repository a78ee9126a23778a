#pragma once
//! A secret chat's verification QR code for QML's Image: "image://msgr-verification-qr/<code>"
//! (the code percent-encoded) is drawn by libqrencode (core/secret/verification_qr_image.h) at
//! the size asked for. The code is public (both identity keys' hash, §12.6); nothing is read
//! from disk. Thread affinity: any thread (pure drawing).
#include <QQuickImageProvider>
#include <QString>

class QQmlEngine;

namespace msgr::core {

inline constexpr auto kVerificationQrProviderId = "msgr-verification-qr";

class VerificationQrImages : public QQuickImageProvider {
public:
    VerificationQrImages() : QQuickImageProvider(QQuickImageProvider::Image) {}
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

    //! The URL an Image shows `code` with (empty for an empty code).
    static QString urlFor(const QString &code);
    //! Adds the provider to `engine` once (it owns it).
    static void installInto(QQmlEngine *engine);
};

} // namespace msgr::core
