#pragma once
//! What the client reads from a tus server's answers (docs/protocol.md §9), over plain bytes so
//! every rule can be unit-tested and fuzzed (tests/fuzz/fuzz_tus_answers) without a network.
//! The server is not trusted: a bad value is nothing, never a wrong number or another origin.
//! Plain functions, thread-safe; QtCore only (the fuzz build compiles this file alone).
#include <QByteArrayView>
#include <QString>
#include <QUrl>
#include <optional>

namespace msgr::core::tus {

//! Longest accepted decimal number: 19 digits hold any qint64 (larger ones are refused).
inline constexpr qsizetype kMaxNumberDigits = 19;
//! Longest wait a Retry-After can ask for; a longer one is cut to this.
inline constexpr int kMaxRetryAfterSeconds = 3600;
//! Longest file id the client keeps (the server's are 32 hex digits).
inline constexpr qsizetype kMaxFileIdChars = 128;

//! A non-negative decimal header value (Upload-Offset, Upload-Length): ASCII digits only, at
//! most kMaxNumberDigits, fitting in qint64, optionally surrounded by HTTP whitespace (space,
//! tab). A sign, inner whitespace, an empty value or an overflow is nothing.
std::optional<qint64> parseNumberHeader(QByteArrayView value);
//! Retry-After in delay-seconds, as milliseconds, at most kMaxRetryAfterSeconds * 1000; an
//! HTTP-date or anything parseNumberHeader refuses is nothing.
std::optional<int> parseRetryAfterMs(QByteArrayView value);
//! The upload's URL from a creation answer's Location, resolved against `server`. Only an
//! upload on the same origin is accepted (same scheme, host and port, no user info), so the
//! bearer token is never sent elsewhere; its path must be exactly /files/<id> with a valid
//! file id (isFileId), no query or fragment. Anything else is nothing.
std::optional<QUrl> resolveUploadUrl(const QUrl &server, QByteArrayView location);
//! Whether `id` can name an upload: 1..kMaxFileIdChars of [A-Za-z0-9_-].
bool isFileId(QStringView id);
//! The file id of an upload URL: its last path segment (empty when there is none).
QString fileIdOf(const QString &uploadUrl);

} // namespace msgr::core::tus
