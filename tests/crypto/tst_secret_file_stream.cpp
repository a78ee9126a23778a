// A secret chat's attachment stream (crypto/secret/file_stream_seal.h, docs/protocol.md §12.8):
// what the sealer writes opens to the same bytes whatever the pieces it arrives in, and a
// tampered, truncated, extended or mis-announced ciphertext is refused with its reason. The
// sealer computes no plaintext hash (payload kinds 7 and 8); an opener given one (kinds 5 and
// 6, older senders) still checks it.
#include "crypto/secret/file_stream_seal.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sodium.h>

using namespace msgr::crypto::secret;

namespace {

struct Sealed {
    QByteArray cipher;
    msgr::crypto::SecureBytes key;
    QByteArray header;
    SecretFileDigest digest;
};

Sealed sealAll(const QByteArray &plain) {
    SecretFileSealer sealer;
    Sealed out;
    qsizetype at = 0;
    do {
        const qsizetype n = qMin(kSecretFileChunkBytes, plain.size() - at);
        const bool final = at + n == plain.size();
        out.cipher += sealer.seal(QByteArrayView(plain).sliced(at, n), final);
        at += n;
        if (final)
            break;
    } while (true);
    out.key = sealer.key();
    out.header = sealer.header();
    out.digest = sealer.digest();
    return out;
}

QByteArray pattern(qsizetype size) {
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 131 + 7) & 0xff);
    return bytes;
}

//! BLAKE2b-256, the plaintext hash payload kinds 5 and 6 announce.
QByteArray blake2b256(QByteArrayView plain) {
    QByteArray out(32, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), 32,
                       reinterpret_cast<const unsigned char *>(plain.data()), size_t(plain.size()),
                       nullptr, 0);
    return out;
}

//! Opens `cipher` fed in `piece`s; `plainHash` empty as for kinds 7 and 8, or announced.
SecretFileError openAll(const Sealed &s, QByteArrayView cipher, qsizetype piece, QByteArray *out,
                        QByteArrayView plainHash = {}) {
    SecretFileOpener opener(s.key, s.header, s.digest.plainSize, plainHash);
    for (qsizetype at = 0; at < cipher.size(); at += piece)
        if (const SecretFileError e =
                opener.feed(cipher.sliced(at, qMin(piece, cipher.size() - at)), out);
            e != SecretFileError::None)
            return e;
    return opener.finish(out);
}

} // namespace

class SecretFileStreamTest : public QObject {
    Q_OBJECT
private slots:
    void roundTripInAnyPieces_data() {
        QTest::addColumn<qsizetype>("size");
        QTest::addColumn<qsizetype>("piece");
        QTest::newRow("empty") << qsizetype(0) << qsizetype(7);
        QTest::newRow("one byte") << qsizetype(1) << qsizetype(1000);
        QTest::newRow("one whole chunk") << kSecretFileChunkBytes << qsizetype(4096);
        QTest::newRow("chunk and one") << kSecretFileChunkBytes + 1 << qsizetype(65553);
        QTest::newRow("three and a half chunks, odd pieces")
            << 3 * kSecretFileChunkBytes + kSecretFileChunkBytes / 2 << qsizetype(9999);
    }
    void roundTripInAnyPieces() {
        QFETCH(qsizetype, size);
        QFETCH(qsizetype, piece);
        const QByteArray plain = pattern(size);
        const Sealed s = sealAll(plain);
        QCOMPARE(qint64(s.cipher.size()), sealedSizeOf(size));
        QCOMPARE(s.digest.cipherSize, qint64(s.cipher.size()));
        QCOMPARE(s.digest.plainSize, qint64(size));
        QCOMPARE(s.digest.cipherSha256,
                 QCryptographicHash::hash(s.cipher, QCryptographicHash::Sha256));
        QByteArray out;
        QCOMPARE(openAll(s, s.cipher, piece, &out), SecretFileError::None);
        QCOMPARE(out, plain);
        // As a kind 5 or 6 announces it, with the plaintext's hash: the same bytes.
        out.clear();
        QCOMPARE(openAll(s, s.cipher, piece, &out, blake2b256(plain)), SecretFileError::None);
        QCOMPARE(out, plain);
    }

    void everyFileHasItsOwnKey() {
        const QByteArray plain = pattern(1000);
        const Sealed a = sealAll(plain);
        const Sealed b = sealAll(plain);
        QVERIFY(!(a.key == b.key));
        QVERIFY(a.cipher != b.cipher); // so the server's content dedup never joins two uploads
    }

    void tamperedCiphertextIsRefused() {
        const Sealed s = sealAll(pattern(3 * kSecretFileChunkBytes));
        QByteArray bad = s.cipher;
        bad[kSecretFileChunkBytes + 100] = char(bad[kSecretFileChunkBytes + 100] ^ 1);
        QByteArray out;
        QCOMPARE(openAll(s, bad, 5000, &out), SecretFileError::Forged);
    }

    void truncatedCiphertextIsRefused() {
        const Sealed s = sealAll(pattern(2 * kSecretFileChunkBytes + 10));
        QByteArray out;
        // Cut at a chunk boundary: every chunk authenticates, the final one is missing.
        QCOMPARE(
            openAll(
                s, QByteArrayView(s.cipher).first(kSecretFileChunkBytes + kSecretFileChunkOverhead),
                4096, &out),
            SecretFileError::Truncated);
        out.clear();
        QCOMPARE(openAll(s, QByteArrayView(s.cipher).chopped(3), 4096, &out),
                 SecretFileError::Forged);
        out.clear();
        QCOMPARE(openAll(s, {}, 4096, &out), SecretFileError::Truncated);
    }

    void bytesAfterTheFinalChunkAreRefused() {
        const Sealed s = sealAll(pattern(kSecretFileChunkBytes));
        QByteArray out;
        QCOMPARE(openAll(s, s.cipher + QByteArray(20, 'x'), 4096, &out),
                 SecretFileError::TrailingData);
    }

    void reorderedChunksAreRefused() {
        const Sealed s = sealAll(pattern(3 * kSecretFileChunkBytes));
        constexpr qsizetype kSealed = kSecretFileChunkBytes + kSecretFileChunkOverhead;
        const QByteArray swapped =
            s.cipher.mid(kSealed, kSealed) + s.cipher.mid(0, kSealed) + s.cipher.mid(2 * kSealed);
        QByteArray out;
        QCOMPARE(openAll(s, swapped, kSealed, &out), SecretFileError::Forged);
    }

    void announcedSizeAndHashAreChecked() {
        const QByteArray plain = pattern(5000);
        const Sealed s = sealAll(plain);
        QByteArray out;
        for (const QByteArray &hash : {QByteArray(), blake2b256(plain)}) {
            SecretFileOpener bigger(s.key, s.header, 5001, hash);
            out.clear();
            QCOMPARE(bigger.feed(s.cipher, &out), SecretFileError::None);
            QCOMPARE(bigger.finish(&out), SecretFileError::SizeMismatch);
            SecretFileOpener smaller(s.key, s.header, 4999, hash);
            out.clear();
            QCOMPARE(smaller.feed(s.cipher, &out), SecretFileError::None);
            QCOMPARE(smaller.finish(&out), SecretFileError::SizeMismatch);
        }
        // Kinds 5 and 6: a hash that is not the plaintext's is refused, one of another length
        // cannot be used.
        QCOMPARE(SecretFileOpener(s.key, s.header, 5000, QByteArray(31, 'x')).error(),
                 SecretFileError::BadKey);
        QByteArray otherHash = blake2b256(plain);
        otherHash[0] = char(otherHash[0] ^ 1);
        SecretFileOpener wrongHash(s.key, s.header, 5000, otherHash);
        out.clear();
        QCOMPARE(wrongHash.feed(s.cipher, &out), SecretFileError::None);
        QCOMPARE(wrongHash.finish(&out), SecretFileError::HashMismatch);
    }

    // An independent implementation (PyNaCl) opens what this one sealed (docs §12.8).
    void pynaclOpensTheSameFile() {
        const QByteArray plain = pattern(2 * kSecretFileChunkBytes + 333);
        const Sealed s = sealAll(plain);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile cipher(dir.filePath(QStringLiteral("cipher")));
        QFile expected(dir.filePath(QStringLiteral("plain")));
        QVERIFY(cipher.open(QIODevice::WriteOnly) && cipher.write(s.cipher) == s.cipher.size());
        QVERIFY(expected.open(QIODevice::WriteOnly) && expected.write(plain) == plain.size());
        cipher.close();
        expected.close();
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(MSGR_CHECK_SECRET_FILE), cipher.fileName(),
                      QString::fromLatin1(s.key.view().toByteArray().toHex()),
                      QString::fromLatin1(s.header.toHex()), QString::number(plain.size()),
                      QString::fromLatin1(blake2b256(plain).toHex()), expected.fileName()});
        QVERIFY(python.waitForFinished(30000));
        if (python.exitCode() == 77)
            QSKIP("PyNaCl is not installed");
        QVERIFY2(python.exitCode() == 0, python.readAllStandardOutput().constData());
    }

    void wrongKeyOrBadSizesAreRefused() {
        const Sealed s = sealAll(pattern(100));
        QByteArray out;
        SecretFileOpener wrongKey(msgr::crypto::SecureBytes::random(32), s.header, 100, {});
        QCOMPARE(wrongKey.feed(s.cipher, &out), SecretFileError::None); // a short last chunk
        QCOMPARE(wrongKey.finish(&out), SecretFileError::Forged);
        SecretFileOpener shortKey(msgr::crypto::SecureBytes::random(16), s.header, 100, {});
        QCOMPARE(shortKey.error(), SecretFileError::BadKey);
        SecretFileOpener huge(s.key, s.header, kMaxSecretFilePlainBytes + 1, {});
        QCOMPARE(huge.error(), SecretFileError::BadKey);
        QVERIFY(sealedSizeOf(kMaxSecretFilePlainBytes) <= qint64(4) * 1024 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(SecretFileStreamTest)
#include "tst_secret_file_stream.moc"
