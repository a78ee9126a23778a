// The download's header logic (server/media/byte_range.h, download_headers.h): every Range form
// of RFC 9110 we serve, the ones we ignore, the unsatisfiable ones, and the reduction of a
// client's MIME type and file name to headers that cannot inject or run anything. The fuzz
// target fuzz_tus_headers covers the rest of the input space.
#include "server/media/byte_range.h"
#include "server/media/download_headers.h"

#include <QTest>

using namespace msgr::server::media;
using Outcome = ByteRangeRequest::Outcome;

namespace {
bool isPartial(const ByteRangeRequest &r, qint64 first, qint64 last) {
    return r.outcome == Outcome::Partial && r.first == first && r.last == last;
}
} // namespace

class TstDownloadHeaders : public QObject {
    Q_OBJECT

private slots:
    void ranges() {
        QVERIFY(isPartial(parseByteRange("bytes=0-99", 1000), 0, 99));
        QVERIFY(isPartial(parseByteRange("bytes=100-", 1000), 100, 999));
        QVERIFY(isPartial(parseByteRange("bytes=-10", 1000), 990, 999));
        QVERIFY(isPartial(parseByteRange("bytes=-5000", 1000), 0, 999));      // the whole file
        QVERIFY(isPartial(parseByteRange("bytes=990-5000", 1000), 990, 999)); // cut at the end
        QVERIFY(isPartial(parseByteRange("Bytes=5-5", 1000), 5, 5)); // unit case-insensitive
        QVERIFY(isPartial(parseByteRange(" bytes=1-2 ", 1000), 1, 2));
    }
    void ignoredRanges() {
        for (const char *header :
             {"", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-4", "items=0-1", "bytes=0-1,3-4",
              "bytes 0-1", "bytes=+1-2", "bytes=99999999999999999999-", "bytes=1-2-3"})
            QVERIFY2(parseByteRange(header, 1000).outcome == Outcome::Whole, header);
    }
    void unsatisfiable() {
        QCOMPARE(parseByteRange("bytes=1000-", 1000).outcome, Outcome::Unsatisfiable);
        QCOMPARE(parseByteRange("bytes=1000-2000", 1000).outcome, Outcome::Unsatisfiable);
        QCOMPARE(parseByteRange("bytes=-0", 1000).outcome, Outcome::Unsatisfiable);
        // An empty file has no byte to send (RFC 9110 §14.1.1).
        QCOMPARE(parseByteRange("bytes=0-", 0).outcome, Outcome::Unsatisfiable);
        QCOMPARE(parseByteRange("bytes=-1", 0).outcome, Outcome::Unsatisfiable);
    }
    void contentTypes() {
        QCOMPARE(downloadContentType(QStringLiteral("image/jpeg")), std::string("image/jpeg"));
        QCOMPARE(downloadContentType(QStringLiteral("Text/HTML; charset=utf-8")),
                 std::string("text/html"));
        for (const char *bad :
             {"", "jpeg", "image/", "/jpeg", "image/jp eg", "image/jpeg\r\nSet-Cookie: x", "a/b/c"})
            QCOMPARE(downloadContentType(QString::fromLatin1(bad)),
                     std::string("application/octet-stream"));
    }
    void dispositions() {
        QCOMPARE(attachmentDisposition(QString()), std::string("attachment"));
        QCOMPARE(attachmentDisposition(QStringLiteral("a b.txt")),
                 std::string("attachment; filename=\"a b.txt\"; filename*=UTF-8''a%20b.txt"));
        // Quotes, backslashes, CR/LF and non-ASCII never reach the quoted name.
        const std::string hostile =
            attachmentDisposition(QStringLiteral("x\"\\\r\nSet-Cookie: y%.html"));
        QCOMPARE(hostile, std::string("attachment; filename=\"x____Set-Cookie: y_.html\"; "
                                      "filename*=UTF-8''x%22%5C%0D%0ASet-Cookie%3A%20y%25.html"));
        // Cut to 255 UTF-8 bytes on a character boundary: 127 two-byte characters.
        const std::string longName = attachmentDisposition(QString(1000, QChar(0x00e9)));
        std::string expected =
            "attachment; filename=\"" + std::string(127, '_') + "\"; filename*=UTF-8''";
        for (int i = 0; i < 127; ++i)
            expected += "%C3%A9";
        QCOMPARE(longName, expected);
    }
    void etag() { QCOMPARE(contentEtag(QStringLiteral("ab")), std::string("\"ab\"")); }
};

QTEST_GUILESS_MAIN(TstDownloadHeaders)
#include "tst_download_headers.moc"
