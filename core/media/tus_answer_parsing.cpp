#include "core/media/tus_answer_parsing.h"

#include <QByteArray>
#include <algorithm>

namespace msgr::core::tus {
namespace {

bool isHttpWhitespace(char c) {
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedHttpWhitespace(QByteArrayView value) {
    while (!value.isEmpty() && isHttpWhitespace(value.front()))
        value = value.sliced(1);
    while (!value.isEmpty() && isHttpWhitespace(value.back()))
        value.chop(1);
    return value;
}

bool isIdChar(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'_' || c == u'-';
}

} // namespace

std::optional<qint64> parseNumberHeader(QByteArrayView value) {
    const QByteArrayView digits = trimmedHttpWhitespace(value);
    // Digits only: toLongLong alone would also take a sign and surrounding spaces.
    if (digits.isEmpty() || digits.size() > kMaxNumberDigits)
        return std::nullopt;
    for (const char c : digits)
        if (c < '0' || c > '9')
            return std::nullopt;
    bool ok = false;
    const qint64 number = digits.toByteArray().toLongLong(&ok); // ok is false on overflow
    return ok ? std::optional(number) : std::nullopt;
}

std::optional<int> parseRetryAfterMs(QByteArrayView value) {
    const std::optional<qint64> seconds = parseNumberHeader(value);
    if (!seconds)
        return std::nullopt;
    return int(qMin<qint64>(*seconds, kMaxRetryAfterSeconds) * 1000);
}

std::optional<QUrl> resolveUploadUrl(const QUrl &server, QByteArrayView location) {
    if (location.isEmpty())
        return std::nullopt;
    // Strict: no silent repair of spaces or stray characters into something else.
    const QUrl reference(QString::fromLatin1(location), QUrl::StrictMode);
    if (!reference.isValid())
        return std::nullopt;
    const QUrl url = server.resolved(reference);
    // Only an upload on the same server: the token is never sent anywhere else.
    if (!url.isValid() || url.scheme() != server.scheme() || url.host() != server.host() ||
        url.port() != server.port() || !url.userInfo().isEmpty())
        return std::nullopt;
    if (url.hasQuery() || url.hasFragment())
        return std::nullopt;
    // Encoded form: a %2F must not hide a second segment in the id.
    const QString path = url.path(QUrl::FullyEncoded);
    static const QString prefix = QStringLiteral("/files/");
    if (!path.startsWith(prefix) || !isFileId(QStringView(path).sliced(prefix.size())))
        return std::nullopt;
    return url;
}

bool isFileId(QStringView id) {
    if (id.isEmpty() || id.size() > kMaxFileIdChars)
        return false;
    return std::all_of(id.begin(), id.end(), isIdChar);
}

QString fileIdOf(const QString &uploadUrl) {
    return QUrl(uploadUrl).path().section(u'/', -1);
}

} // namespace msgr::core::tus
