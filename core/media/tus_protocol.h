#pragma once
//! The tus 1.0 requests the client sends and what it reads from the answers
//! (docs/protocol.md §9), written once. Plain functions, thread-safe.
#include "core/media/tus_answer_parsing.h"

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
//! redirects followed only on the same origin (a redirect elsewhere ends the request with its
//! 3xx status; QNetworkAccessManager's defaults apply otherwise: proxies too).
QNetworkRequest request(const QUrl &url, const QString &token, int stallTimeoutMs);
//! POST /files: creation of an upload of `length` bytes named `fileName` of type `mimeType`.
QNetworkRequest creation(const QUrl &serverUrl, const QString &token, int stallTimeoutMs,
                         qint64 length, const QString &fileName, const QString &mimeType);
//! POST /files: creation of a partial upload of `length` bytes (concatenation, §9).
QNetworkRequest partialCreation(const QUrl &serverUrl, const QString &token, int stallTimeoutMs,
                                qint64 length);
//! POST /files: the final upload assembled from the complete partial uploads `parts`, in order,
//! named `fileName` of type `mimeType`.
QNetworkRequest finalCreation(const QUrl &serverUrl, const QString &token, int timeoutMs,
                              const QList<QUrl> &parts, const QString &fileName,
                              const QString &mimeType);
//! PATCH of one part at `offset`, with its SHA-256 in Upload-Checksum.
QNetworkRequest part(const QUrl &uploadUrl, const QString &token, int stallTimeoutMs, qint64 offset,
                     const QByteArray &bytes);
//! `Upload-Metadata`: `filename <base64>,filetype <base64>` (empty values left out).
QByteArray metadata(const QString &fileName, const QString &mimeType);
// The answers' parsing rules are in tus_answer_parsing.h; these read the reply's headers.
//! The upload's URL from a creation answer's Location (resolveUploadUrl), or nothing.
std::optional<QUrl> uploadUrl(const QUrl &serverUrl, const QNetworkReply &reply);
//! A non-negative decimal header value (Upload-Offset, Upload-Length; parseNumberHeader).
std::optional<qint64> numberHeader(const QNetworkReply &reply, const QByteArray &name);
//! How long the server asked to wait (Retry-After; parseRetryAfterMs), or nothing.
std::optional<int> retryAfterMs(const QNetworkReply &reply);
//! The HTTP status, 0 when no answer came (network error, aborted).
int status(const QNetworkReply &reply);

} // namespace msgr::core::tus
