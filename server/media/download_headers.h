#pragma once
//! The headers of a download (docs/protocol.md §11) that come from what a client stored: the
//! MIME type and the file name of Upload-Metadata are untrusted text, so they are reduced to
//! what cannot inject a header or make a browser run the file. Pure, thread-safe.
#include <QString>
#include <string>

namespace msgr::server::media {

//! `type/subtype` of a stored MIME type when it is one (RFC 9110 tokens, parameters dropped,
//! lowercased); `application/octet-stream` otherwise.
std::string downloadContentType(const QString &mime);

//! `attachment`, with the name as `filename` (ASCII, unsafe characters replaced by `_`) and
//! `filename*` (RFC 8187 UTF-8 percent-encoding) when there is one.
std::string attachmentDisposition(const QString &fileName);

//! The strong ETag of a file: its content hash, quoted.
std::string contentEtag(const QString &sha256);

} // namespace msgr::server::media
