// libFuzzer target: what the upload client reads from a tus server's answers
// (core/media/tus_answer_parsing.h): Upload-Offset/Upload-Length numbers, Retry-After and the
// creation's Location; and what the download client reads from GET /files/<id>
// (core/media/download_answer_parsing.h): Content-Range, ETag and the answer as a whole. The
// server is not trusted. The input is split at its first NUL into two
// header values, each given to every parser. An accepted number is non-negative and prints back
// to itself; a wait is within its bound; an accepted upload URL is on the server's own origin
// (scheme, host, port, no user info) and names exactly one upload. An accepted Content-Range
// is ordered and prints back to itself; an accepted ETag is strong and quoted; an accepted
// download answer starts where it was asked (206) or at 0 (200), within the size limit.
#include "core/media/download_answer_parsing.h"
#include "core/media/tus_answer_parsing.h"
#include "fuzz_support.h"

using namespace msgr::core::tus;

namespace {

// The client's server URL forms: TLS on a port, plain on the default port (loopback), IPv6.
const QUrl &server(int i) {
    static const QUrl servers[] = {QUrl(QStringLiteral("https://media.example:8443")),
                                   QUrl(QStringLiteral("http://127.0.0.1")),
                                   QUrl(QStringLiteral("https://[::1]:9443"))};
    return servers[i];
}

void checkNumber(const QByteArray &header) {
    const std::optional<qint64> number = parseNumberHeader(header);
    if (number) {
        FUZZ_CHECK(*number >= 0);
        FUZZ_CHECK(parseNumberHeader(QByteArray::number(*number)) == number);
        // Only digits (and HTTP whitespace around them) were accepted: Qt's conversion agrees.
        FUZZ_CHECK(header.trimmed().toLongLong() == *number);
    }
    const std::optional<int> wait = parseRetryAfterMs(header);
    FUZZ_CHECK(wait.has_value() == number.has_value());
    if (wait) {
        FUZZ_CHECK(*wait >= 0 && *wait <= kMaxRetryAfterSeconds * 1000);
        FUZZ_CHECK(*wait == qMin<qint64>(*number, kMaxRetryAfterSeconds) * 1000);
    }
}

void checkLocation(const QByteArray &header) {
    for (int i = 0; i < 3; ++i) {
        const QUrl &origin = server(i);
        const std::optional<QUrl> url = resolveUploadUrl(origin, header);
        if (!url)
            continue;
        // The bearer token goes to this URL: it must be the server's own origin.
        FUZZ_CHECK(url->isValid());
        FUZZ_CHECK(url->scheme() == origin.scheme());
        FUZZ_CHECK(url->host() == origin.host());
        FUZZ_CHECK(url->port() == origin.port());
        FUZZ_CHECK(url->userInfo().isEmpty());
        FUZZ_CHECK(!url->hasQuery() && !url->hasFragment());
        const QString stored = url->toString();
        FUZZ_CHECK(isFileId(fileIdOf(stored)));
        FUZZ_CHECK(url->path() == QStringLiteral("/files/") + fileIdOf(stored));
        // What the client stores reads back as the same upload.
        FUZZ_CHECK(resolveUploadUrl(origin, stored.toLatin1()) == url);
    }
    // A stored URL is read back without a crash whatever it holds.
    const QString id = fileIdOf(QString::fromLatin1(header));
    FUZZ_CHECK(!id.contains(u'/'));
}

void checkDownload(const QByteArray &first, const QByteArray &second) {
    namespace dl = msgr::core::download;
    const std::optional<dl::ContentRange> range = dl::parseContentRange(first);
    if (range) {
        FUZZ_CHECK(range->first >= 0 && range->first <= range->last && range->last < range->total);
        const QByteArray printed = "bytes " + QByteArray::number(range->first) + '-' +
                                   QByteArray::number(range->last) + '/' +
                                   QByteArray::number(range->total);
        FUZZ_CHECK(dl::parseContentRange(printed) == range);
    }
    const std::optional<QByteArray> etag = dl::parseStrongEtag(second);
    if (etag) {
        FUZZ_CHECK(etag->size() >= 2 && etag->size() <= dl::kMaxEtagBytes);
        FUZZ_CHECK(etag->startsWith('"') && etag->endsWith('"'));
        FUZZ_CHECK(dl::parseStrongEtag(*etag) == etag);
    }
    // The length either as the range implies (to reach the checks behind it) or as given.
    const QByteArray length = range ? QByteArray::number(range->last - range->first + 1) : second;
    for (const int status : {200, 206, 416}) {
        for (const qint64 offset : {qint64(0), qint64(1000), range ? range->first : 0}) {
            const dl::DownloadAnswer answer =
                dl::interpretDownloadAnswer(status, first, length, second, offset);
            if (answer.kind != dl::DownloadAnswer::Kind::Body)
                continue;
            FUZZ_CHECK(status == 200 || status == 206);
            FUZZ_CHECK(answer.start == (status == 200 ? 0 : offset));
            FUZZ_CHECK(answer.total >= answer.start && answer.total <= dl::kMaxFileBytes);
            FUZZ_CHECK(dl::parseStrongEtag(answer.etag) == answer.etag);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const qsizetype nul = bytes.indexOf('\0');
    // Copies, so a parser reading past its view's end is caught by AddressSanitizer.
    const QByteArray first = nul < 0 ? bytes : bytes.left(nul);
    const QByteArray second = nul < 0 ? QByteArray() : bytes.mid(nul + 1);
    for (const QByteArray &header : {first, second}) {
        checkNumber(header);
        checkLocation(header);
    }
    checkDownload(first, second);
    checkDownload(second, first);
    return 0;
}
