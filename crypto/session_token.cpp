#include "crypto/session_token.h"

#include "crypto/sodium.h"

namespace msgr::crypto {

QString newSessionToken() {
    return QString::fromLatin1(
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray sessionTokenHash(const QString &token) {
    return genericHash(token.toUtf8());
}

} // namespace msgr::crypto
