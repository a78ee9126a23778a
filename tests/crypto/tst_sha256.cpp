// crypto::sha256, the upload part's tus checksum: the FIPS 180-4 test vectors (empty, "abc",
// the two-block message, a million 'a's), and the same digest as Qt's for data of every length
// around a block boundary, so a server that checks with any SHA-256 agrees; crypto::Sha256Stream
// (what the secret seal hashes its ciphertext with, piece by piece) gives the same digest
// whatever pieces it is fed in.
#include "crypto/sha256_stream.h"
#include "crypto/sodium.h"

#include <QCryptographicHash>
#include <QTest>

using namespace msgr;

class TstSha256 : public QObject {
    Q_OBJECT

private slots:
    void fipsVectors_data() {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("digest");
        QTest::newRow("empty") << QByteArray()
                               << QByteArray("e3b0c44298fc1c149afbf4c8996fb924"
                                             "27ae41e4649b934ca495991b7852b855");
        QTest::newRow("abc") << QByteArray("abc")
                             << QByteArray("ba7816bf8f01cfea414140de5dae2223"
                                           "b00361a396177a9cb410ff61f20015ad");
        QTest::newRow("two-blocks")
            << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            << QByteArray("248d6a61d20638b8e5c026930c3e6039"
                          "a33ce45964ff2167f6ecedd419db06c1");
        QTest::newRow("million-a") << QByteArray(1'000'000, 'a')
                                   << QByteArray("cdc76e5c9914fb9281a1c7e284d73e67"
                                                 "f1809a48a497200e046d39ccc7112cd0");
    }
    void fipsVectors() {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, digest);
        QCOMPARE(crypto::sha256(message).toHex(), digest);
    }

    void agreesWithQtAroundBlockBoundaries() {
        QByteArray data;
        for (int length = 0; length <= 200; ++length) {
            QCOMPARE(crypto::sha256(data),
                     QCryptographicHash::hash(data, QCryptographicHash::Sha256));
            data.append(char(length * 37 + 11));
        }
    }

    void streamFedInPiecesAgreesWithOneCall() {
        QByteArray data(3 * 64 + 5, Qt::Uninitialized);
        for (qsizetype i = 0; i < data.size(); ++i)
            data[i] = char(i * 131 + 7);
        const QByteArray whole = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
        QCOMPARE(crypto::Sha256Stream::of(data), whole);
        for (qsizetype piece = 1; piece <= 70; ++piece) {
            crypto::Sha256Stream stream;
            for (qsizetype at = 0; at < data.size(); at += piece)
                stream.addData(QByteArrayView(data).sliced(at, qMin(piece, data.size() - at)));
            QCOMPARE(stream.result(), whole);
        }
    }
};

QTEST_GUILESS_MAIN(TstSha256)
#include "tst_sha256.moc"
