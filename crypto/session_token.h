#pragma once
//! Device session tokens: 32 random bytes shown as base64url; only their hash is stored.
#include <QByteArray>
#include <QString>

namespace msgr::crypto {

QString newSessionToken();
//! The stored form of a token: BLAKE2b-256 of its text. A fast hash is right here because the
//! token has 256 bits of entropy; nothing can be guessed from the hash.
QByteArray sessionTokenHash(const QString &token);

} // namespace msgr::crypto
