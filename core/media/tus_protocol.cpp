#include "core/media/tus_protocol.h"

#include "crypto/sodium.h"

#include <QNetworkReply>

namespace msgr::core::tus {

QNetworkRequest request(const QUrl &url, const QString &token, int stallTimeoutMs) {
    QNetworkRequest request(url);
    request.setRawHeader("Tus-Resumable", kVersion);
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    request.setTransferTimeout(stallTimeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Qt's default redirect policy follows a 307 to any host with every raw header, the bearer
    // token included: only a redirect on the same origin is followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
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
    r.setRawHeader("Upload-Checksum", "sha256 " + crypto::sha256(bytes).toBase64());
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
    return resolveUploadUrl(serverUrl, reply.rawHeader("Location"));
}

std::optional<qint64> numberHeader(const QNetworkReply &reply, const QByteArray &name) {
    return parseNumberHeader(reply.rawHeader(name));
}

std::optional<int> retryAfterMs(const QNetworkReply &reply) {
    return parseRetryAfterMs(reply.rawHeader("Retry-After"));
}

int status(const QNetworkReply &reply) {
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace msgr::core::tus
