// The secret chats' test vectors (docs/protocol.md, "Secret chats: cryptography"): from the
// document's fixed inputs, this implementation must produce exactly the document's outputs.
// check_secret_vectors.py recomputes the same from PyNaCl, independently of this code.
// MSGR_PRINT_SECRET_VECTORS=1 prints the computed block (to write the document after a
// deliberate change of a construction).
#include "crypto/secret/pre_key_message.h"
#include "crypto/secret/ratchet_kdf.h"
#include "crypto/secret/safety_number.h"
#include "crypto/secret/scrubbed_bytes.h"
#include "crypto/secret/session_start.h"
#include "secret_vectors.h"

#include <QTest>
#include <cstdio>

using msgr::crypto::SecureBytes;
using namespace msgr::crypto::secret;
using namespace msgr::crypto::secret::test;

namespace {

QString hex(QByteArrayView bytes) {
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

//! The outputs, computed by this implementation from the inputs in `in`.
QList<QPair<QString, QString>> compute(const QMap<QString, QString> &in) {
    auto bytes = [&](const char *name) {
        return QByteArray::fromHex(in.value(QString::fromLatin1(name)).toLatin1());
    };
    auto secret = [&](const char *name) { return SecureBytes::copyOf(bytes(name)); };
    auto number = [&](const char *name) {
        return in.value(QString::fromLatin1(name)).toLongLong();
    };
    QList<QPair<QString, QString>> out;
    auto put = [&](const char *name, const QString &value) {
        out.append({QString::fromLatin1(name), value});
    };

    const DeviceIdentity alice = DeviceIdentity::fromSecrets(
        bytes("alice.identity.signing_seed"), secret("alice.identity.agreement_secret"));
    const DeviceIdentity bob = DeviceIdentity::fromSecrets(bytes("bob.identity.signing_seed"),
                                                           secret("bob.identity.agreement_secret"));
    const SignedPreKey spk =
        SignedPreKey::create(bob, static_cast<quint32>(number("bob.signed_pre_key.id")),
                             number("bob.signed_pre_key.created_ms"),
                             X25519KeyPair::fromSecret(secret("bob.signed_pre_key.secret")));
    const OneTimePreKey opk{static_cast<quint32>(number("bob.one_time_pre_key.id")),
                            X25519KeyPair::fromSecret(secret("bob.one_time_pre_key.secret"))};
    const X25519KeyPair ephemeral = X25519KeyPair::fromSecret(secret("alice.ephemeral.secret"));
    const X25519KeyPair ratchet = X25519KeyPair::fromSecret(secret("alice.ratchet.secret"));
    put("alice.identity.signing_public", hex(alice.signing.publicKey));
    put("alice.identity.agreement_public", hex(alice.agreement.publicKey));
    put("alice.identity.agreement_signature", hex(alice.agreementSignature));
    put("bob.identity.signing_public", hex(bob.signing.publicKey));
    put("bob.identity.agreement_public", hex(bob.agreement.publicKey));
    put("bob.identity.agreement_signature", hex(bob.agreementSignature));
    put("bob.signed_pre_key.public", hex(spk.keyPair.publicKey));
    put("bob.signed_pre_key.signature", hex(spk.signature));
    put("bob.one_time_pre_key.public", hex(opk.keyPair.publicKey));
    put("alice.ephemeral.public", hex(ephemeral.publicKey));
    put("alice.ratchet.public", hex(ratchet.publicKey));

    ScrubbedBytes<32> a, b;
    rootStep(bytes("kdf.root.input_root_key"), bytes("kdf.root.input_dh"), a.data(), b.data());
    put("kdf.root.root_key", hex(a.view()));
    put("kdf.root.chain_key", hex(b.view()));
    chainStep(bytes("kdf.chain.input_chain_key"), a.data(), b.data());
    put("kdf.chain.chain_key", hex(a.view()));
    put("kdf.chain.message_key", hex(b.view()));
    ScrubbedBytes<24> nonce;
    messageAeadKey(bytes("kdf.message.input_message_key"), a.data(), nonce.data());
    put("kdf.message.aead_key", hex(a.view()));
    put("kdf.message.nonce", hex(nonce.view()));

    const qint64 now = number("bob.signed_pre_key.created_ms");
    PreKeyBundle bundle{bob.publicIdentity(), spk.publicKey(), opk.publicKey()};
    put("bundle.cbor", hex(encodePreKeyBundle(bundle)));
    const Result<InitiatorAgreement> with = x3dhInitiate(alice, bundle, now, ephemeral);
    bundle.oneTimePreKey.reset();
    const Result<InitiatorAgreement> without = x3dhInitiate(alice, bundle, now, ephemeral);
    if (!with.ok() || !without.ok())
        return {};
    put("x3dh.with_one_time_pre_key.shared_secret", hex(with->sharedSecret.view()));
    put("x3dh.without_one_time_pre_key.shared_secret", hex(without->sharedSecret.view()));
    put("x3dh.associated_data", hex(with->associatedData));

    bundle.oneTimePreKey = opk.publicKey();
    const Result<StartedSession> started =
        startSession(alice, bundle, now, bytes("first_message.plaintext"), ephemeral, ratchet);
    if (!started.ok())
        return {};
    const Result<PreKeyMessage> envelope = decodePreKeyMessage(started->preKeyMessage);
    put("first_message.header", hex(envelope->message.first(kRatchetHeaderBytes)));
    put("first_message.ratchet_message", hex(envelope->message));
    put("first_message.pre_key_message_cbor", hex(started->preKeyMessage));

    put("safety_number",
        safetyNumber(alice.publicIdentity().bytes(), bob.publicIdentity().bytes()));
    return out;
}

} // namespace

class SecretVectorsTest : public QObject {
    Q_OBJECT
private slots:
    void documentOutputsAreReproduced();
    void bobOpensTheDocumentedFirstMessage();
};

void SecretVectorsTest::documentOutputsAreReproduced() {
    const QMap<QString, QString> doc = readVectors(QStringLiteral(MSGR_PROTOCOL_DOC));
    QVERIFY2(!doc.isEmpty(), "no vector block in docs/protocol.md");
    const QList<QPair<QString, QString>> computed = compute(doc);
    QVERIFY(!computed.isEmpty());
    if (qEnvironmentVariableIsSet("MSGR_PRINT_SECRET_VECTORS")) {
        for (const auto &[name, value] : computed)
            std::printf("%s = %s\n", qPrintable(name), qPrintable(value));
    }
    for (const auto &[name, value] : computed) {
        QVERIFY2(doc.contains(name), qPrintable(name + QStringLiteral(" is not in the document")));
        QVERIFY2(doc.value(name) == value,
                 qPrintable(name + QStringLiteral(": document ") + doc.value(name) +
                            QStringLiteral(", computed ") + value));
    }
}

void SecretVectorsTest::bobOpensTheDocumentedFirstMessage() {
    // The responder's side from the document alone: Bob's secrets and Alice's envelope bytes.
    const QMap<QString, QString> doc = readVectors(QStringLiteral(MSGR_PROTOCOL_DOC));
    auto bytes = [&](const char *name) {
        return QByteArray::fromHex(doc.value(QString::fromLatin1(name)).toLatin1());
    };
    const DeviceIdentity bob =
        DeviceIdentity::fromSecrets(bytes("bob.identity.signing_seed"),
                                    SecureBytes::copyOf(bytes("bob.identity.agreement_secret")));
    const SignedPreKey spk = SignedPreKey::create(
        bob, doc.value(QStringLiteral("bob.signed_pre_key.id")).toUInt(),
        doc.value(QStringLiteral("bob.signed_pre_key.created_ms")).toLongLong(),
        X25519KeyPair::fromSecret(SecureBytes::copyOf(bytes("bob.signed_pre_key.secret"))));
    const QByteArray message = bytes("first_message.pre_key_message_cbor");
    const Result<PreKeyMessage> envelope = decodePreKeyMessage(message);
    QVERIFY(envelope.ok());
    const OneTimePreKey opk{
        *envelope->oneTimePreKeyId,
        X25519KeyPair::fromSecret(SecureBytes::copyOf(bytes("bob.one_time_pre_key.secret")))};
    const Result<SecureBytes> secret =
        x3dhRespond(bob, spk, &opk, envelope->initiator, envelope->ephemeralKey);
    QVERIFY(secret.ok());
    QCOMPARE(hex(secret->view()),
             doc.value(QStringLiteral("x3dh.with_one_time_pre_key.shared_secret")));
    RatchetSession session = RatchetSession::respond(
        secret.value(), sessionAssociatedData(envelope->initiator, bob.publicIdentity()),
        spk.keyPair);
    const Result<QByteArray> plaintext = session.decrypt(envelope->message);
    QVERIFY2(plaintext.ok(), secretErrorName(plaintext.error()));
    QCOMPARE(plaintext.value(), bytes("first_message.plaintext"));
}

QTEST_GUILESS_MAIN(SecretVectorsTest)
#include "tst_secret_vectors.moc"
