#pragma once
//! What the download client reads from the server's answers to GET /files/<id>
//! (docs/protocol.md §11: Content-Range, Content-Length, ETag), over plain bytes so every rule
//! can be unit-tested and fuzzed (tests/fuzz/fuzz_tus_answers) without a network. The server is
//! not trusted: an answer that does not fit the request is Malformed, never a wrong offset.
//! Plain functions, thread-safe; QtCore only (the fuzz build compiles this file alone).
#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace msgr::core::download {

//! Longest ETag kept (the server's are a quoted SHA-256 in hex: 66 bytes).
inline constexpr qsizetype kMaxEtagBytes = 128;
//! The largest file the client takes (the server's limit, docs/protocol.md §9).
inline constexpr qint64 kMaxFileBytes = qint64(4) << 30;

//! `Content-Range: bytes <first>-<last>/<total>` of a 206 (RFC 9110 §14.4): numbers as
//! tus::parseNumberHeader reads them, first <= last < total. `*` forms and other units are
//! nothing.
struct ContentRange {
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = 0;
    bool operator==(const ContentRange &) const = default;
};
std::optional<ContentRange> parseContentRange(QByteArrayView value);

//! A strong entity tag as sent (quotes included): `"` etagc* `"` (RFC 9110 §8.8.3: 0x21,
//! 0x23-0x7E), at most kMaxEtagBytes, HTTP whitespace around it ignored. A weak one (W/...)
//! cannot validate a range and is nothing.
std::optional<QByteArray> parseStrongEtag(QByteArrayView value);

//! What an answer to `GET` with `Range: bytes=<offset>-` (and If-Range when resuming) means.
struct DownloadAnswer {
    enum class Kind {
        Body,      //!< its body is the file from `start` on
        Malformed, //!< it does not fit the request: give up this attempt, start over
    };
    Kind kind = Kind::Malformed;
    qint64 start = 0; //!< where the body starts in the file (0: the whole file, a restart)
    qint64 total = 0; //!< the file's length
    QByteArray etag;  //!< the file's strong ETag
};

//! `status` 200 or 206 with its Content-Range, Content-Length and ETag header values (empty
//! when absent), for a request from `offset` (0 asks the whole file). A 200 is the whole file
//! (a restart when `offset` > 0: the file changed, or the server ignored the range); a 206 must
//! start exactly at `offset` and run to the file's end. The ETag is required and strong;
//! Content-Length, required, must be the body's length; the total at most kMaxFileBytes. Any
//! other status is Malformed here (the caller handles 4xx/5xx before).
DownloadAnswer interpretDownloadAnswer(int status, QByteArrayView contentRange,
                                       QByteArrayView contentLength, QByteArrayView etag,
                                       qint64 offset);

} // namespace msgr::core::download
