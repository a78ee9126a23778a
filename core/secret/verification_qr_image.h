#pragma once
//! A verification code's QR code (verification_qr.h) painted into a QImage for the app's
//! verification page: black modules on white with the quiet zone, each module `moduleSize`
//! pixels square (crisp when scaled by whole numbers). Cheap (a 29x29 code is a few
//! thousand pixel writes); any thread (QImage is not a widget).
#include "core/secret/verification_qr.h"

#include <QImage>

namespace msgr::core::secret {

//! The image of `modules` (Format_Grayscale8); null for empty modules or a non-positive size.
QImage qrImage(const QrModules &modules, int moduleSize);
//! The image of `text`'s QR code at about `pixels` wide (whole modules, at least 1 pixel
//! each); null when the text cannot be encoded.
QImage qrImageOf(const QString &text, int pixels);

} // namespace msgr::core::secret
