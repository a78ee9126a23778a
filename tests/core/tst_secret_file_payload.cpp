// The file payload of a secret chat (kind 7, docs/protocol.md §12.8, core/secret/
// secret_payload.h) and the voice message's (kind 8: a file with its duration and waveform):
// every field survives the trip at its documented offset, and each malformed or cut body is
// dropped. Kinds 5 and 6 (older senders: the same with the plaintext's BLAKE2b-256 after its
// size) are still read, hash and all.
#include "core/secret/secret_payload.h"

#include <QTest>
#include <QtEndian>

using namespace msgr::core::secret;

namespace {

SecretPayload sample() {
    SecretPayload p;
    p.kind = SecretPayload::Kind::File;
    p.text = QStringLiteral("look \u00e9");
    SecretFile f;
    f.kind = 0;
    f.fileId = QStringLiteral("0123456789abcdef0123456789abcdef");
    f.key = msgr::crypto::SecureBytes::random(32);
    f.header = QByteArray(24, '\x05');
    f.plainSize = 123456789;
    f.cipherSha256 = QByteArray(32, '\x07');
    f.width = 1920;
    f.height = 1080;
    f.name = QStringLiteral("\u00e9t\u00e9.jpg");
    f.mime = QStringLiteral("image/jpeg");
    f.thumbnail = QByteArray(100, '\x08');
    p.file = f;
    return p;
}

SecretPayload voiceSample() {
    SecretPayload p = sample();
    p.kind = SecretPayload::Kind::Voice;
    p.text.clear();
    p.file->kind = kSecretVoiceFileKind;
    p.file->name = QStringLiteral("voice.ogg");
    p.file->mime = QStringLiteral("audio/ogg");
    p.file->thumbnail.clear();
    p.file->width = 0;
    p.file->height = 0;
    p.file->durationMs = 12'345;
    for (int i = 0; i < 100; ++i)
        p.file->waveform.append(char((i * 37) % 256));
    return p;
}

//! `p` as a sender before kinds 7 and 8 sent it: kind 5 or 6, with the plaintext's hash.
SecretPayload hashed(SecretPayload p) {
    p.kind = p.kind == SecretPayload::Kind::Voice ? SecretPayload::Kind::HashedVoice
                                                  : SecretPayload::Kind::HashedFile;
    p.file->plainHash = QByteArray(32, '\x06');
    return p;
}

} // namespace

class SecretFilePayloadTest : public QObject {
    Q_OBJECT
private slots:
    void roundTrip() {
        const SecretPayload p = sample();
        const QByteArray bytes = encodePayload(p);
        QCOMPARE(quint8(bytes[0]), quint8(7));
        // The fixed part, the three length fields, name, MIME, thumbnail, caption.
        QCOMPARE(bytes.size(), 1 + kFilePayloadFixedBytes + 1 + 1 + 2 +
                                   p.file->name.toUtf8().size() + p.file->mime.size() +
                                   p.file->thumbnail.size() + p.text.toUtf8().size());
        // §12.8's offsets: the size at 86, the ciphertext's SHA-256 right after it at 94, the
        // width at 126.
        QCOMPARE(qFromBigEndian<quint64>(bytes.constData() + 86), quint64(p.file->plainSize));
        QCOMPARE(bytes.mid(94, 32), p.file->cipherSha256);
        QCOMPARE(qFromBigEndian<quint16>(bytes.constData() + 126), quint16(1920));
        const std::optional<SecretPayload> back = decodePayload(bytes);
        QVERIFY(back);
        QVERIFY(*back == p);
        QVERIFY(back->file->plainHash.isEmpty());
    }

    void hashedKindsOfOlderSendersAreStillRead() {
        for (const SecretPayload &p : {hashed(sample()), hashed(voiceSample())}) {
            const QByteArray bytes = encodePayload(p);
            const bool voice = p.kind == SecretPayload::Kind::HashedVoice;
            QCOMPARE(quint8(bytes[0]), quint8(voice ? 6 : 5));
            // 32 bytes longer than kinds 7 and 8: the hash at 94, the SHA-256 at 126.
            QCOMPARE(bytes.size(), encodePayload(voice ? voiceSample() : sample()).size() + 32);
            QCOMPARE(bytes.mid(94, 32), p.file->plainHash);
            QCOMPARE(bytes.mid(126, 32), p.file->cipherSha256);
            const std::optional<SecretPayload> back = decodePayload(bytes);
            QVERIFY(back);
            QVERIFY(*back == p);
            QCOMPARE(back->file->plainHash, QByteArray(32, '\x06'));
            QVERIFY(carriesFile(back->kind));
            QCOMPARE(carriesVoice(back->kind), voice);
            // Cut anywhere in its fixed part: dropped.
            for (qsizetype cut = 1; cut < 1 + kHashedFilePayloadFixedBytes + 4; ++cut)
                QVERIFY2(!decodePayload(bytes.first(cut)), qPrintable(QString::number(cut)));
        }
    }

    void withTimerAndWithoutCaption() {
        SecretPayload p = sample();
        p.text.clear();
        p.ttlMs = 10000;
        p.seq = 4;
        const std::optional<SecretPayload> back = decodePayload(encodePayload(p));
        QVERIFY(back);
        QVERIFY(*back == p);
    }

    void malformedBodiesAreDropped() {
        const QByteArray good = encodePayload(sample());
        for (qsizetype cut = 1; cut < 1 + kFilePayloadFixedBytes + 4; ++cut)
            QVERIFY2(!decodePayload(good.first(cut)), qPrintable(QString::number(cut)));
        QByteArray badTimer = good;
        badTimer[4] = 7; // 7 s is not an allowed timer
        QVERIFY(!decodePayload(badTimer));
        QByteArray seqWithoutTimer = good;
        seqWithoutTimer[12] = 1; // a number belongs to a timed file only
        QVERIFY(!decodePayload(seqWithoutTimer));
        QByteArray badKind = good;
        badKind[13] = 9;
        QVERIFY(!decodePayload(badKind));
        QByteArray hugeFile = good;
        hugeFile[14 + 16 + 32 + 24] = char(0xff); // plaintext size above the limit
        QVERIFY(!decodePayload(hugeFile));
        QByteArray badCaption = good + QByteArray("\xc3\x28");
        QVERIFY(!decodePayload(badCaption));
        SecretPayload badMime = sample();
        badMime.file->mime = QStringLiteral("image/\njpeg");
        QVERIFY(!decodePayload(encodePayload(badMime)));
    }

    void voiceRoundTrip() {
        const SecretPayload p = voiceSample();
        const QByteArray bytes = encodePayload(p);
        QCOMPARE(quint8(bytes[0]), quint8(8));
        // The file's fields, then u32 duration, u16 count and the levels (no caption here).
        QCOMPARE(bytes.size(), 1 + kFilePayloadFixedBytes + 1 + 1 + 2 +
                                   p.file->name.toUtf8().size() + p.file->mime.size() + 4 + 2 +
                                   p.file->waveform.size());
        const std::optional<SecretPayload> back = decodePayload(bytes);
        QVERIFY(back);
        QVERIFY(*back == p);
        QCOMPARE(back->file->durationMs, qint64{12'345});
        QCOMPARE(back->file->waveform, p.file->waveform);
        // With a caption and a timer too.
        SecretPayload timed = p;
        timed.text = QStringLiteral("listen \u00e9");
        timed.ttlMs = 30'000;
        timed.seq = 2;
        const std::optional<SecretPayload> timedBack = decodePayload(encodePayload(timed));
        QVERIFY(timedBack);
        QVERIFY(*timedBack == timed);
    }

    void malformedVoiceBodiesAreDropped() {
        const QByteArray good = encodePayload(voiceSample());
        // Cut anywhere inside the duration, the count or the levels: dropped.
        const qsizetype levelsEnd = good.size();
        for (qsizetype cut = levelsEnd - 100 - 6; cut < levelsEnd; ++cut)
            QVERIFY2(!decodePayload(good.first(cut)), qPrintable(QString::number(cut)));
        QByteArray photoKind = good;
        photoKind[13] = 0; // a voice payload's bubble is a voice message
        QVERIFY(!decodePayload(photoKind));
        QByteArray tooLong = good;
        const qsizetype durationAt = levelsEnd - 100 - 6;
        tooLong[durationAt] = char(0xff); // above 24 hours
        QVERIFY(!decodePayload(tooLong));
        QByteArray tooManyLevels = good;
        tooManyLevels[durationAt + 4] = 0x01; // 356 levels announced, above the 256 allowed
        tooManyLevels += QByteArray(256, '\x01');
        QVERIFY(!decodePayload(tooManyLevels));
        // A kind-7 file never carries a duration: its bytes would be read as a caption.
        SecretPayload file = sample();
        QCOMPARE(decodePayload(encodePayload(file))->file->durationMs, qint64{-1});
        // The sender cannot produce an out-of-bounds voice message: it is clamped.
        SecretPayload huge = voiceSample();
        huge.file->durationMs = kMaxSecretVoiceDurationMs + 1;
        huge.file->waveform = QByteArray(300, '\x02');
        const std::optional<SecretPayload> clamped = decodePayload(encodePayload(huge));
        QVERIFY(clamped);
        QCOMPARE(clamped->file->durationMs, kMaxSecretVoiceDurationMs);
        QCOMPARE(clamped->file->waveform.size(), qsizetype{kMaxSecretVoiceWaveformBytes});
    }
};

QTEST_GUILESS_MAIN(SecretFilePayloadTest)
#include "tst_secret_file_payload.moc"
