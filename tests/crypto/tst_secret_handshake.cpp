// Starting a secret chat (crypto/secret/: identities, pre-keys, bundles, X3DH, the pre-key
// envelope): both sides agree with and without a one-time pre-key; forged or stale signed
// pre-keys, a swapped identity key, a used one-time pre-key and malformed bundles are refused
// with typed errors.
#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/safety_number.h"
#include "secret_test_support.h"

#include <QCborMap>
#include <QCborValue>
#include <QTest>

using msgr::crypto::SecureBytes;
using namespace msgr::crypto::secret;
using namespace msgr::crypto::secret::test;

class SecretHandshakeTest : public QObject {
    Q_OBJECT
private slots:
    void bothSidesAgree_data();
    void bothSidesAgree();
    void forgedSignedPreKeyIsRefused();
    void signedPreKeyOfAnotherIdentityIsRefused();
    void swappedAgreementKeyIsRefused();
    void staleOrFutureSignedPreKeyIsRefused();
    void rotationPolicy();
    void usedOneTimePreKeyIsRefused();
    void unknownSignedPreKeyIsRefused();
    void forgedInitiatorIdentityIsRefused();
    void smallOrderKeyIsRefused();
    void bundleRoundTrip();
    void malformedBundlesAreRefused_data();
    void malformedBundlesAreRefused();
    void preKeyMessageRoundTripAndRefusals();
    void safetyNumberIsOrderIndependentAndChangesWithTheKey();
    void storedDeviceKeysAnswerHandshakesAfterARestart();
    void damagedDeviceKeysAreRefused();
};

void SecretHandshakeTest::bothSidesAgree_data() {
    QTest::addColumn<bool>("withOneTimeKey");
    QTest::newRow("with one-time pre-key") << true;
    QTest::newRow("signed pre-key only") << false;
}

void SecretHandshakeTest::bothSidesAgree() {
    QFETCH(bool, withOneTimeKey);
    Device alice, bob;
    const PreKeyBundle bundle = bob.bundle(withOneTimeKey);
    const Result<InitiatorAgreement> a = x3dhInitiate(alice.identity, bundle, kNowMs);
    QVERIFY2(a.ok(), secretErrorName(a.error()));
    QCOMPARE(a->oneTimePreKeyId.has_value(), withOneTimeKey);
    const OneTimePreKey *oneTime = withOneTimeKey ? bob.pool.find(*a->oneTimePreKeyId) : nullptr;
    const Result<SecureBytes> b = x3dhRespond(bob.identity, bob.signedPreKeys.front(), oneTime,
                                              alice.identity.publicIdentity(), a->ephemeralKey);
    QVERIFY(b.ok());
    QVERIFY(a->sharedSecret == b.value());
    QCOMPARE(a->associatedData,
             alice.identity.publicIdentity().bytes() + bob.identity.publicIdentity().bytes());

    // Through the envelope: Bob learns who started it and which one-time key to delete.
    Result<StartedSession> started = startSession(alice.identity, bundle, kNowMs, "hi");
    QVERIFY(started.ok());
    const Result<AcceptedSession> accepted =
        acceptSession(bob.identity, bob.signedPreKeys, bob.pool, started->preKeyMessage);
    QVERIFY2(accepted.ok(), secretErrorName(accepted.error()));
    QCOMPARE(accepted->plaintext, QByteArray("hi"));
    QCOMPARE(accepted->peer, alice.identity.publicIdentity());
    QCOMPARE(accepted->usedOneTimePreKeyId,
             withOneTimeKey ? std::optional<quint32>(bundle.oneTimePreKey->id) : std::nullopt);
}

void SecretHandshakeTest::forgedSignedPreKeyIsRefused() {
    Device alice, bob;
    PreKeyBundle bundle = bob.bundle();
    // A key the server (or anyone between) substitutes, its signature left as it was.
    bundle.signedPreKey.publicKey = X25519KeyPair::generate().publicKey;
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::BadSignature);
    // The same with the id or time changed: both are signed.
    bundle = bob.bundle();
    bundle.signedPreKey.id += 1;
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::BadSignature);
    bundle = bob.bundle();
    bundle.signedPreKey.createdAtMs -= 1;
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::BadSignature);
    bundle = bob.bundle();
    bundle.signedPreKey.signature[3] = static_cast<char>(bundle.signedPreKey.signature[3] ^ 4);
    QCOMPARE(startSession(alice.identity, bundle, kNowMs, "x").error(), SecretError::BadSignature);
}

void SecretHandshakeTest::signedPreKeyOfAnotherIdentityIsRefused() {
    Device alice, bob, mallory;
    PreKeyBundle bundle = bob.bundle();
    bundle.signedPreKey = mallory.signedPreKeys.front().publicKey();
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::BadSignature);
}

void SecretHandshakeTest::swappedAgreementKeyIsRefused() {
    Device alice, bob, mallory;
    PreKeyBundle bundle = bob.bundle();
    bundle.identity.agreementKey = mallory.identity.agreement.publicKey;
    QCOMPARE(bundle.verify(kNowMs), SecretError::BadSignature);
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::BadSignature);
}

void SecretHandshakeTest::staleOrFutureSignedPreKeyIsRefused() {
    Device alice, bob;
    const PreKeyBundle bundle = bob.bundle();
    QVERIFY(x3dhInitiate(alice.identity, bundle, kNowMs + kMaxSignedPreKeyAgeMs).ok());
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs + kMaxSignedPreKeyAgeMs + 1).error(),
             SecretError::StaleSignedPreKey);
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs - kMaxClockSkewMs - 1).error(),
             SecretError::StaleSignedPreKey);
}

void SecretHandshakeTest::rotationPolicy() {
    Device bob;
    const SignedPreKey &current = bob.signedPreKeys.front();
    QVERIFY(!current.dueForRotation(kNowMs + kSignedPreKeyRotationMs - 1));
    QVERIFY(current.dueForRotation(kNowMs + kSignedPreKeyRotationMs));
    QVERIFY(kSignedPreKeyRotationMs + kSignedPreKeyGraceMs <= kMaxSignedPreKeyAgeMs);
    // The pool: ids grow, each key leaves the pool once taken, a refill is asked for below the
    // threshold.
    OneTimePreKeyPool pool;
    const std::vector<PublicOneTimePreKey> published = pool.generate(kOneTimePreKeyRefillBelow);
    QCOMPARE(published.size(), size_t(kOneTimePreKeyRefillBelow));
    QVERIFY(published.front().id < published.back().id);
    QVERIFY(!pool.needsRefill());
    QVERIFY(pool.take(published.front().id).has_value());
    QVERIFY(!pool.take(published.front().id).has_value());
    QVERIFY(pool.needsRefill());
    const std::vector<PublicOneTimePreKey> refill = pool.generate(1);
    QVERIFY(refill.front().id > published.back().id);
}

void SecretHandshakeTest::usedOneTimePreKeyIsRefused() {
    Device alice, bob;
    Result<StartedSession> started = startSession(alice.identity, bob.bundle(), kNowMs, "hi");
    QVERIFY(started.ok());
    const Result<AcceptedSession> accepted =
        acceptSession(bob.identity, bob.signedPreKeys, bob.pool, started->preKeyMessage);
    QVERIFY(accepted.ok());
    QVERIFY(bob.pool.take(*accepted->usedOneTimePreKeyId));
    // A second initiator handed the same (stale) bundle, or the first message replayed.
    Device carol;
    Result<StartedSession> second = startSession(carol.identity, bob.bundle(), kNowMs, "hi");
    QVERIFY(second.ok());
    QCOMPARE(
        acceptSession(bob.identity, bob.signedPreKeys, bob.pool, second->preKeyMessage).error(),
        SecretError::UnknownOneTimePreKey);
    QCOMPARE(
        acceptSession(bob.identity, bob.signedPreKeys, bob.pool, started->preKeyMessage).error(),
        SecretError::UnknownOneTimePreKey);
}

void SecretHandshakeTest::unknownSignedPreKeyIsRefused() {
    Device alice, bob;
    Result<StartedSession> started = startSession(alice.identity, bob.bundle(), kNowMs, "hi");
    QVERIFY(started.ok());
    // Bob rotated and the grace period is over: the old private key is gone.
    const std::vector<SignedPreKey> rotated{SignedPreKey::create(bob.identity, 2, kNowMs)};
    QCOMPARE(acceptSession(bob.identity, rotated, bob.pool, started->preKeyMessage).error(),
             SecretError::UnknownSignedPreKey);
}

void SecretHandshakeTest::forgedInitiatorIdentityIsRefused() {
    Device alice, bob, mallory;
    Result<StartedSession> started = startSession(alice.identity, bob.bundle(), kNowMs, "hi");
    QVERIFY(started.ok());
    PreKeyMessage envelope = decodePreKeyMessage(started->preKeyMessage).value();
    // Mallory claims the session with her signing key over Alice's agreement key: unbound.
    envelope.initiator.signingKey = mallory.identity.signing.publicKey;
    QCOMPARE(acceptSession(bob.identity, bob.signedPreKeys, bob.pool, encodePreKeyMessage(envelope))
                 .error(),
             SecretError::BadSignature);
    // With a whole identity of her own, the secrets differ: the first message does not open.
    envelope.initiator = mallory.identity.publicIdentity();
    QCOMPARE(acceptSession(bob.identity, bob.signedPreKeys, bob.pool, encodePreKeyMessage(envelope))
                 .error(),
             SecretError::AuthenticationFailed);
}

void SecretHandshakeTest::smallOrderKeyIsRefused() {
    Device alice, bob;
    const DeviceIdentity &id = alice.identity;
    // The identity point (0) and the point of order 8 that libsodium's blocklist names.
    const QByteArray zero(32, '\0');
    QCOMPARE(agree(id.agreement.secretKey, zero).error(), SecretError::InvalidPublicKey);
    QCOMPARE(agree(id.agreement.secretKey, QByteArray(31, '\1')).error(),
             SecretError::InvalidPublicKey);
    // A bundle whose one-time pre-key is of small order (unsigned, so a server could send it).
    PreKeyBundle bundle = bob.bundle();
    bundle.oneTimePreKey->publicKey = zero;
    QCOMPARE(x3dhInitiate(alice.identity, bundle, kNowMs).error(), SecretError::InvalidPublicKey);
}

void SecretHandshakeTest::bundleRoundTrip() {
    Device bob;
    for (bool withOneTimeKey : {true, false}) {
        const PreKeyBundle bundle = bob.bundle(withOneTimeKey);
        const QByteArray bytes = encodePreKeyBundle(bundle);
        QVERIFY(bytes.size() <= kMaxBundleBytes);
        const Result<PreKeyBundle> back = decodePreKeyBundle(bytes);
        QVERIFY2(back.ok(), secretErrorName(back.error()));
        QCOMPARE(back.value(), bundle);
        QCOMPARE(back->verify(kNowMs), SecretError::None);
    }
}

void SecretHandshakeTest::malformedBundlesAreRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("error");
    Device bob;
    const QByteArray good = encodePreKeyBundle(bob.bundle());
    const QCborMap map = QCborValue::fromCbor(good).toMap();
    const int malformed = int(SecretError::Malformed);
    auto with = [&](const char *key, const QCborValue &value) {
        QCborMap m = map;
        m.insert(QString::fromLatin1(key), value);
        return m.toCborValue().toCbor();
    };
    auto without = [&](const char *key) {
        QCborMap m = map;
        m.remove(QString::fromLatin1(key));
        return m.toCborValue().toCbor();
    };
    QCborMap spk = map.value(QStringLiteral("spk")).toMap();
    spk.insert(QStringLiteral("id"), qint64(1) << 32);
    QTest::newRow("empty") << QByteArray() << malformed;
    QTest::newRow("not cbor") << QByteArray("\xff\xff", 2) << malformed;
    QTest::newRow("truncated") << good.first(good.size() - 1) << malformed;
    QTest::newRow("trailing byte") << good + '\0' << malformed;
    QTest::newRow("an array") << QCborValue(QCborArray{1, 2}).toCbor() << malformed;
    QTest::newRow("version 2") << with("v", 2) << int(SecretError::UnsupportedVersion);
    QTest::newRow("version as text") << with("v", QStringLiteral("1")) << malformed;
    QTest::newRow("unknown key") << with("x", 1) << malformed;
    QTest::newRow("no identity") << without("ik") << malformed;
    QTest::newRow("no signed pre-key") << without("spk") << malformed;
    QTest::newRow("short identity") << with("ik", QByteArray(31, 'k')) << malformed;
    QTest::newRow("long agreement key") << with("ikx", QByteArray(33, 'k')) << malformed;
    QTest::newRow("short binding signature") << with("ikxs", QByteArray(63, 's')) << malformed;
    QTest::newRow("identity as text") << with("ik", QString(32, QLatin1Char('k'))) << malformed;
    QTest::newRow("signed pre-key id past 32 bits") << with("spk", spk) << malformed;
    QTest::newRow("one-time pre-key not a map") << with("opk", 5) << malformed;
    QTest::newRow("oversized") << QByteArray(kMaxBundleBytes + 1, '\0') << malformed;
}

void SecretHandshakeTest::malformedBundlesAreRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, error);
    QCOMPARE(int(decodePreKeyBundle(bytes).error()), error);
}

void SecretHandshakeTest::preKeyMessageRoundTripAndRefusals() {
    Device alice, bob;
    Result<StartedSession> started = startSession(alice.identity, bob.bundle(), kNowMs, "hi");
    QVERIFY(started.ok());
    const Result<PreKeyMessage> envelope = decodePreKeyMessage(started->preKeyMessage);
    QVERIFY(envelope.ok());
    QCOMPARE(encodePreKeyMessage(envelope.value()), started->preKeyMessage);
    PreKeyMessage broken = envelope.value();
    broken.message = broken.message.first(kRatchetHeaderBytes); // no room for a tag
    QCOMPARE(decodePreKeyMessage(encodePreKeyMessage(broken)).error(), SecretError::Malformed);
    broken = envelope.value();
    broken.ephemeralKey.chop(1);
    QCOMPARE(decodePreKeyMessage(encodePreKeyMessage(broken)).error(), SecretError::Malformed);
    QCOMPARE(decodePreKeyMessage(started->preKeyMessage + 'x').error(), SecretError::Malformed);
    // A tampered first message: refused, Bob's pre-keys untouched (the caller deletes nothing).
    QByteArray tampered = started->preKeyMessage;
    tampered[tampered.size() - 1] = static_cast<char>(tampered[tampered.size() - 1] ^ 1);
    QCOMPARE(acceptSession(bob.identity, bob.signedPreKeys, bob.pool, tampered).error(),
             SecretError::AuthenticationFailed);
    QCOMPARE(bob.pool.size(), 3);
}

void SecretHandshakeTest::safetyNumberIsOrderIndependentAndChangesWithTheKey() {
    Device alice, bob;
    const QByteArray a = alice.identity.publicIdentity().bytes();
    const QByteArray b = bob.identity.publicIdentity().bytes();
    const QString number = safetyNumber(a, b);
    QCOMPARE(number.size(), kSafetyNumberDigits);
    QVERIFY(std::all_of(number.begin(), number.end(), [](QChar c) { return c.isDigit(); }));
    QCOMPARE(safetyNumber(b, a), number);
    QCOMPARE(groupSafetyNumber(number).split(QLatin1Char(' ')).size(), 12);
    // Bob reinstalls: a new identity, a different number on Alice's screen.
    Device bobAgain;
    QVERIFY(safetyNumber(a, bobAgain.identity.publicIdentity().bytes()) != number);
    QVERIFY(safetyNumber(a, b.first(63)).isEmpty());
}

void SecretHandshakeTest::storedDeviceKeysAnswerHandshakesAfterARestart() {
    Device alice, bob;
    const PreKeyBundle bundle = bob.bundle();
    const SecureBytes stored = encodeDeviceKeys({bob.identity, bob.signedPreKeys, bob.pool});
    QVERIFY(!stored.isEmpty());
    const Result<DeviceKeys> restored = decodeDeviceKeys(stored.view());
    QVERIFY2(restored.ok(), secretErrorName(restored.error()));
    QCOMPARE(restored->identity.publicIdentity(), bob.identity.publicIdentity());
    QCOMPARE(restored->signedPreKeys.front().publicKey(), bob.signedPreKeys.front().publicKey());
    QCOMPARE(restored->oneTimePreKeys.size(), bob.pool.size());
    QCOMPARE(restored->oneTimePreKeys.nextId(), bob.pool.nextId());
    // A session started against the bundle published before the restart opens afterwards.
    Result<StartedSession> started = startSession(alice.identity, bundle, kNowMs, "after");
    QVERIFY(started.ok());
    const Result<AcceptedSession> accepted =
        acceptSession(restored->identity, restored->signedPreKeys, restored->oneTimePreKeys,
                      started->preKeyMessage);
    QVERIFY2(accepted.ok(), secretErrorName(accepted.error()));
    QCOMPARE(accepted->plaintext, QByteArray("after"));
}

void SecretHandshakeTest::damagedDeviceKeysAreRefused() {
    Device bob, mallory;
    const SecureBytes stored = encodeDeviceKeys({bob.identity, bob.signedPreKeys, bob.pool});
    const QByteArray good = stored.rawView();
    QCOMPARE(decodeDeviceKeys({}).error(), SecretError::Malformed);
    QCOMPARE(decodeDeviceKeys(good.chopped(1)).error(), SecretError::Malformed);
    QCOMPARE(decodeDeviceKeys(good + '\0').error(), SecretError::Malformed);
    QByteArray version = good;
    version[0] = 9;
    QCOMPARE(decodeDeviceKeys(version).error(), SecretError::UnsupportedVersion);
    // A signed pre-key of another identity: refused, not used.
    const SecureBytes mixed = encodeDeviceKeys({bob.identity, mallory.signedPreKeys, bob.pool});
    QCOMPARE(decodeDeviceKeys(mixed.view()).error(), SecretError::BadSignature);
    // Over the limits: nothing is written.
    const std::vector<SignedPreKey> tooMany(kMaxHeldSignedPreKeys + 1, bob.signedPreKeys.front());
    QVERIFY(encodeDeviceKeys({bob.identity, tooMany, bob.pool}).isEmpty());
}

QTEST_GUILESS_MAIN(SecretHandshakeTest)
#include "tst_secret_handshake.moc"
