#pragma once
//! The tus 1.0 requests the client sends and what it reads from the answers
//! (docs/protocol.md §9), written once. Plain functions, thread-safe.
#include <QByteArray>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>
#include <optional>

class QNetworkReply;

namespace msgr::core::tus {

inline constexpr char kVersion[] = "1.0.0";
inline constexpr int kChecksumMismatch = 460; //!< tus checksum extension

//! A request to `url` with Tus-Resumable, the bearer token and the stall timeout; no cache,
//! no redirects to a less safe scheme (QNetworkAccessManager's defaults apply: proxies too).
QNetworkRequest request(const QUrl &url, const QString &token, int stallTimeoutMs);
//! POST /files: creation of an upload of `length` bytes named `fileName` of type `mimeType`.
QNetworkRequest creation(const QUrl &serverUrl, const QString &token, int stallTimeoutMs,
                         qint64 length, const QString &fileName, const QString &mimeType);
//! PATCH of one part at `offset`, with its SHA-256 in Upload-Checksum.
QNetworkRequest part(const QUrl &uploadUrl, const QString &token, int stallTimeoutMs, qint64 offset,
                     const QByteArray &bytes);
//! `Upload-Metadata`: `filename <base64>,filetype <base64>` (empty values left out).
QByteArray metadata(const QString &fileName, const QString &mimeType);
//! The upload's URL from a creation answer's Location (relative to the server), or nothing.
std::optional<QUrl> uploadUrl(const QUrl &serverUrl, const QNetworkReply &reply);
//! A non-negative decimal header value (Upload-Offset, Upload-Length), or nothing.
std::optional<qint64> numberHeader(const QNetworkReply &reply, const QByteArray &name);
//! How long the server asked to wait (Retry-After in seconds), or nothing.
std::optional<int> retryAfterMs(const QNetworkReply &reply);
//! The HTTP status, 0 when no answer came (network error, aborted).
int status(const QNetworkReply &reply);
//! The file id of a finished upload: the last segment of its URL.
QString fileIdOf(const QString &uploadUrl);

} // namespace msgr::core::tus
