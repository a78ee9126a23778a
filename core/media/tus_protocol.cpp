#include "core/media/tus_protocol.h"

#include <QCryptographicHash>
#include <QNetworkReply>

namespace msgr::core::tus {
namespace {

std::optional<qint64> parseNumber(const QByteArray &text) {
    // Digits only: toLongLong would also take a sign and surrounding spaces.
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    for (char c : text)
        if (c < '0' || c > '9')
            return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

} // namespace

QNetworkRequest request(const QUrl &url, const QString &token, int stallTimeoutMs) {
    QNetworkRequest request(url);
    request.setRawHeader("Tus-Resumable", kVersion);
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    request.setTransferTimeout(stallTimeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

QNetworkRequest creation(const QUrl &serverUrl, const QString &token, int stallTimeoutMs,
                         qint64 length, const QString &fileName, const QString &mimeType) {
    QNetworkRequest r =
        request(serverUrl.resolved(QUrl(QStringLiteral("/files"))), token, stallTimeoutMs);
    r.setRawHeader("Upload-Length", QByteArray::number(length));
    const QByteArray meta = metadata(fileName, mimeType);
    if (!meta.isEmpty())
        r.setRawHeader("Upload-Metadata", meta);
    return r;
}

QNetworkRequest part(const QUrl &uploadUrl, const QString &token, int stallTimeoutMs, qint64 offset,
                     const QByteArray &bytes) {
    QNetworkRequest r = request(uploadUrl, token, stallTimeoutMs);
    r.setHeader(QNetworkRequest::ContentTypeHeader,
                QByteArrayLiteral("application/offset+octet-stream"));
    r.setRawHeader("Upload-Offset", QByteArray::number(offset));
    r.setRawHeader("Upload-Checksum",
                   "sha256 " +
                       QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toBase64());
    return r;
}

QByteArray metadata(const QString &fileName, const QString &mimeType) {
    QByteArrayList pairs;
    if (!fileName.isEmpty())
        pairs.append("filename " + fileName.toUtf8().toBase64());
    if (!mimeType.isEmpty())
        pairs.append("filetype " + mimeType.toUtf8().toBase64());
    return pairs.join(',');
}

std::optional<QUrl> uploadUrl(const QUrl &serverUrl, const QNetworkReply &reply) {
    const QByteArray location = reply.rawHeader("Location");
    if (location.isEmpty())
        return std::nullopt;
    const QUrl url = serverUrl.resolved(QUrl(QString::fromLatin1(location)));
    // Only an upload on the same server: the token is never sent anywhere else.
    if (!url.isValid() || url.scheme() != serverUrl.scheme() || url.host() != serverUrl.host() ||
        url.port() != serverUrl.port() || !url.path().startsWith(QStringLiteral("/files/")))
        return std::nullopt;
    return url;
}

std::optional<qint64> numberHeader(const QNetworkReply &reply, const QByteArray &name) {
    return parseNumber(reply.rawHeader(name).trimmed());
}

std::optional<int> retryAfterMs(const QNetworkReply &reply) {
    const std::optional<qint64> seconds = parseNumber(reply.rawHeader("Retry-After").trimmed());
    if (!seconds)
        return std::nullopt;
    return int(qMin<qint64>(*seconds, 3600) * 1000);
}

int status(const QNetworkReply &reply) {
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString fileIdOf(const QString &uploadUrl) {
    return QUrl(uploadUrl).path().section(u'/', -1);
}

} // namespace msgr::core::tus
