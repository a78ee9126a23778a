// The tus header parsers (server/media/tus_headers.h) on the cases the spec names and the
// malformed ones a hostile client sends; the fuzz target fuzz_tus_headers covers the rest.
#include "server/media/tus_headers.h"
#include "server/media/upload_limits.h"

#include <QTest>

using namespace msgr::server::media;

class TstTusHeaders : public QObject {
    Q_OBJECT

private slots:
    void metadataPairs() {
        const auto m =
            parseUploadMetadata("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");
        QVERIFY(m);
        QCOMPARE(m->value("filename"), QByteArray("world_domination_plan.pdf"));
        QVERIFY(m->contains("is_confidential"));
        QCOMPARE(m->value("is_confidential"), QByteArray());
        QVERIFY(parseUploadMetadata("")->isEmpty());
        QVERIFY(parseUploadMetadata("a YQ==, b Yg==").has_value()); // spaces after the comma
    }
    void metadataRefusals() {
        QVERIFY(!parseUploadMetadata("a YQ==,a Yg=="));                   // duplicate key
        QVERIFY(!parseUploadMetadata("a not*base64"));                    // bad base64
        QVERIFY(!parseUploadMetadata(",a YQ=="));                         // empty key
        QVERIFY(!parseUploadMetadata(std::string_view("k\x01 YQ==", 7))); // control character
        QByteArray many;
        for (int i = 0; i <= kMaxMetadataPairs; ++i)
            many += (i ? "," : "") + QByteArray("k") + QByteArray::number(i);
        QVERIFY(!parseUploadMetadata(std::string_view(many.constData(), size_t(many.size()))));
        const QByteArray big = "k " + QByteArray(kMaxMetadataValueBytes + 1, 'x').toBase64();
        QVERIFY(!parseUploadMetadata(std::string_view(big.constData(), size_t(big.size()))));
    }
    void checksums() {
        const auto sha1 = parseUploadChecksum("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=");
        QVERIFY(sha1);
        QCOMPARE(sha1->algorithm, ChecksumAlgorithm::Sha1);
        QCOMPARE(sha1->digest.size(), 20);
        QVERIFY(parseUploadChecksum("sha256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpWZG3hSuFU4="));
        QVERIFY(!parseUploadChecksum("md5 1B2M2Y8AsgTpgAmY7PhCfg==")); // not announced
        QVERIFY(
            !parseUploadChecksum("sha1 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpWZG3hSuFU4=")); // length
        QVERIFY(!parseUploadChecksum("sha1"));
        QVERIFY(!parseUploadChecksum("sha1 ***"));
    }
    void numbers() {
        QCOMPARE(parseNonNegative("0"), 0);
        QCOMPARE(parseNonNegative("4294967296"), qint64(4) << 30);
        QVERIFY(!parseNonNegative(""));
        QVERIFY(!parseNonNegative("-1"));
        QVERIFY(!parseNonNegative("+1"));
        QVERIFY(!parseNonNegative(" 1"));
        QVERIFY(!parseNonNegative("1e3"));
        QVERIFY(!parseNonNegative("99999999999999999999")); // would overflow
    }
    void bearer() {
        QCOMPARE(bearerToken("Bearer abc"), QStringLiteral("abc"));
        QVERIFY(bearerToken("Basic YTpi").isEmpty());
        QVERIFY(bearerToken("Bearer ").isEmpty());
        QVERIFY(bearerToken("").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstTusHeaders)
#include "tst_tus_headers.moc"
