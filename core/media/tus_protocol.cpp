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

QNetworkRequest partialCreation(const QUrl &serverUrl, const QString &token, int stallTimeoutMs,
                                qint64 length) {
    QNetworkRequest r =
        request(serverUrl.resolved(QUrl(QStringLiteral("/files"))), token, stallTimeoutMs);
    r.setRawHeader("Upload-Length", QByteArray::number(length));
    r.setRawHeader("Upload-Concat", "partial");
    return r;
}

QNetworkRequest finalCreation(const QUrl &serverUrl, const QString &token, int timeoutMs,
                              const QList<QUrl> &parts, const QString &fileName,
                              const QString &mimeType) {
    QNetworkRequest r =
        request(serverUrl.resolved(QUrl(QStringLiteral("/files"))), token, timeoutMs);
    // Each part by its path (/files/<id>): the server resolves it against itself, so a proxy
    // or a relay in between does not matter.
    QByteArrayList paths;
    for (const QUrl &part : parts)
        paths.append(part.path(QUrl::FullyEncoded).toLatin1());
    r.setRawHeader("Upload-Concat", "final;" + paths.join(' '));
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
