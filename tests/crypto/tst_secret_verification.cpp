// Verification of a secret chat (docs/protocol.md §12.6): the safety number's emoji and the
// code a device shows as a QR code, against the document's vectors (Alice's and Bob's fixed
// identities of §10.6), and what a scanner accepts. check_secret_vectors.py recomputes the
// same block with PyNaCl. MSGR_PRINT_SECRET_VECTORS=1 prints the computed block.
#include "crypto/secret/device_identity.h"
#include "crypto/secret/safety_emoji.h"
#include "crypto/secret/safety_number.h"
#include "crypto/secret/verification_code.h"
#include "secret_vectors.h"

#include <QStringList>
#include <QTest>
#include <cstdio>

using msgr::crypto::SecureBytes;
using namespace msgr::crypto::secret;
using namespace msgr::crypto::secret::test;

namespace {

struct Pair {
    DeviceIdentity alice;
    DeviceIdentity bob;
};

Pair documentIdentities(const QMap<QString, QString> &in) {
    auto bytes = [&](const char *name) {
        return QByteArray::fromHex(in.value(QString::fromLatin1(name)).toLatin1());
    };
    return {
        DeviceIdentity::fromSecrets(bytes("alice.identity.signing_seed"),
                                    SecureBytes::copyOf(bytes("alice.identity.agreement_secret"))),
        DeviceIdentity::fromSecrets(bytes("bob.identity.signing_seed"),
                                    SecureBytes::copyOf(bytes("bob.identity.agreement_secret")))};
}

QString joined(const QList<int> &numbers) {
    QStringList out;
    for (int n : numbers)
        out.append(QString::number(n));
    return out.join(QLatin1Char(','));
}

} // namespace

class SecretVerificationTest : public QObject {
    Q_OBJECT
private slots:
    void documentVectorsAreReproduced();
    void bothSidesSeeTheSameNumberAndEmoji();
    void aChangedKeyChangesNumberAndEmoji();
    void scannerAcceptsOnlyThePeersCode();
    void emojiNeedSixtyDigits();
};

void SecretVerificationTest::documentVectorsAreReproduced() {
    const QMap<QString, QString> inputs = readVectors(QStringLiteral(MSGR_PROTOCOL_DOC));
    const QMap<QString, QString> doc =
        readVectors(QStringLiteral(MSGR_PROTOCOL_DOC), kVerificationBegin, kVerificationEnd);
    QVERIFY2(!inputs.isEmpty() && !doc.isEmpty(), "a vector block is missing");
    const Pair p = documentIdentities(inputs);
    const QByteArray a = p.alice.publicIdentity().bytes();
    const QByteArray b = p.bob.publicIdentity().bytes();
    const QString number = safetyNumber(a, b);
    const QList<QPair<QString, QString>> computed{
        {QStringLiteral("verification.alice_digits"), identityFingerprintDigits(a)},
        {QStringLiteral("verification.bob_digits"), identityFingerprintDigits(b)},
        {QStringLiteral("verification.emoji_indices"), joined(safetyEmojiIndices(number))},
        {QStringLiteral("verification.emoji"), safetyEmojiString(number)},
        {QStringLiteral("verification.alice_code"), verificationCode(a, b)},
        {QStringLiteral("verification.bob_code"), verificationCode(b, a)},
    };
    if (qEnvironmentVariableIsSet("MSGR_PRINT_SECRET_VECTORS")) {
        for (const auto &[name, value] : computed)
            std::printf("%s = %s\n", qPrintable(name), value.toUtf8().constData());
    }
    QCOMPARE(number, inputs.value(QStringLiteral("safety_number")));
    for (const auto &[name, value] : computed) {
        QVERIFY2(doc.contains(name), qPrintable(name + QStringLiteral(" is not in the document")));
        QVERIFY2(doc.value(name) == value,
                 qPrintable(name + QStringLiteral(": document ") + doc.value(name) +
                            QStringLiteral(", computed ") + value));
    }
}

void SecretVerificationTest::bothSidesSeeTheSameNumberAndEmoji() {
    const DeviceIdentity alice = DeviceIdentity::generate();
    const DeviceIdentity bob = DeviceIdentity::generate();
    const QByteArray a = alice.publicIdentity().bytes();
    const QByteArray b = bob.publicIdentity().bytes();
    QCOMPARE(safetyNumber(a, b), safetyNumber(b, a));
    QCOMPARE(safetyEmojiString(safetyNumber(a, b)), safetyEmojiString(safetyNumber(b, a)));
    QCOMPARE(safetyEmojiIndices(safetyNumber(a, b)).size(), kSafetyEmojiCount);
}

void SecretVerificationTest::aChangedKeyChangesNumberAndEmoji() {
    const QByteArray a = DeviceIdentity::generate().publicIdentity().bytes();
    const QByteArray b = DeviceIdentity::generate().publicIdentity().bytes();
    const QByteArray b2 = DeviceIdentity::generate().publicIdentity().bytes();
    QVERIFY(safetyNumber(a, b) != safetyNumber(a, b2));
    QVERIFY(safetyEmojiString(safetyNumber(a, b)) != safetyEmojiString(safetyNumber(a, b2)));
}

void SecretVerificationTest::scannerAcceptsOnlyThePeersCode() {
    const QByteArray a = DeviceIdentity::generate().publicIdentity().bytes();
    const QByteArray b = DeviceIdentity::generate().publicIdentity().bytes();
    const QByteArray mallory = DeviceIdentity::generate().publicIdentity().bytes();
    const QString shownByBob = verificationCode(b, a);
    QCOMPARE(checkScannedCode(shownByBob, a, b), ScanResult::Match);
    // Alice scanning her own code, or a code made with a substituted key on either side.
    QCOMPARE(checkScannedCode(verificationCode(a, b), a, b), ScanResult::Mismatch);
    QCOMPARE(checkScannedCode(shownByBob, a, mallory), ScanResult::Mismatch);
    QCOMPARE(checkScannedCode(verificationCode(mallory, a), a, b), ScanResult::Mismatch);
    QCOMPARE(checkScannedCode(verificationCode(b, mallory), a, b), ScanResult::Mismatch);
    // Not a code, or not this version.
    QCOMPARE(checkScannedCode(QString(), a, b), ScanResult::Malformed);
    QCOMPARE(checkScannedCode(shownByBob.chopped(1), a, b), ScanResult::Malformed);
    QCOMPARE(checkScannedCode(shownByBob + QLatin1Char('0'), a, b), ScanResult::Malformed);
    QCOMPARE(checkScannedCode(QStringLiteral("MSGR-SN::") + shownByBob.mid(10), a, b),
             ScanResult::Malformed);
    QCOMPARE(checkScannedCode(QStringLiteral("MSGR-SN:2:") + shownByBob.mid(10), a, b),
             ScanResult::UnsupportedVersion);
    // The right digits under another spelling of the version are not the code shown.
    QCOMPARE(checkScannedCode(QStringLiteral("MSGR-SN:01:") + shownByBob.mid(10), a, b),
             ScanResult::Malformed);
    QString letters = shownByBob;
    letters[20] = QLatin1Char('A');
    QCOMPARE(checkScannedCode(letters, a, b), ScanResult::Malformed);
    QCOMPARE(checkScannedCode(shownByBob + QString(300, QLatin1Char('1')), a, b),
             ScanResult::Malformed);
    QVERIFY(shownByBob.startsWith(QLatin1String("MSGR-SN:1:")));
    QCOMPARE(shownByBob.size(), 10 + kSafetyNumberDigits);
}

void SecretVerificationTest::emojiNeedSixtyDigits() {
    QVERIFY(safetyEmojiIndices(QString(59, QLatin1Char('1'))).isEmpty());
    QVERIFY(safetyEmojiIndices(QString(59, QLatin1Char('1')) + QLatin1Char('x')).isEmpty());
    // 00063 -> 63, 00064 -> 0, 99999 -> 99999 mod 64 = 31.
    const QString digits = QStringLiteral("00063000649999900000000010000200003000040000500006"
                                          "0000700008");
    QCOMPARE(safetyEmojiIndices(digits), (QList<int>{63, 0, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
    QCOMPARE(QString::fromUtf8(safetyEmojiAt(47).name), QStringLiteral("key"));
}

QTEST_GUILESS_MAIN(SecretVerificationTest)
#include "tst_secret_verification.moc"
