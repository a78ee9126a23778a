// The Double Ratchet of the secret chats (crypto/secret/ratchet_session.h): conversations both
// ways, out-of-order and lost messages, the skip cap, tampering and replay refused with the
// state unchanged, and a stored state that carries the conversation on.
#include "secret_test_support.h"

#include <QTest>

using msgr::crypto::SecureBytes;
using namespace msgr::crypto::secret;
using namespace msgr::crypto::secret::test;

class SecretRatchetTest : public QObject {
    Q_OBJECT
private slots:
    void conversationBothWaysWithAndWithoutOneTimeKey_data();
    void conversationBothWaysWithAndWithoutOneTimeKey();
    void everyMessageUsesANewKey();
    void outOfOrderAndLostMessages();
    void outOfOrderAcrossRatchetSteps();
    void skipBeyondTheCapIsRefusedAndStateUnchanged();
    void storedSkippedKeysAreBounded();
    void tamperedMessageIsRefusedAndSessionSurvives_data();
    void tamperedMessageIsRefusedAndSessionSurvives();
    void wrongAssociatedDataIsRefused();
    void replayIsRefused();
    void replayOfASkippedKeyIsRefused();
    void responderCannotSendFirst();
    void storedStateCarriesTheConversationOn();
    void damagedStateIsRefused();
    void oversizedPlaintextIsRefused();
};

void SecretRatchetTest::conversationBothWaysWithAndWithoutOneTimeKey_data() {
    QTest::addColumn<bool>("withOneTimeKey");
    QTest::newRow("with one-time pre-key") << true;
    QTest::newRow("signed pre-key only") << false;
}

void SecretRatchetTest::conversationBothWaysWithAndWithoutOneTimeKey() {
    QFETCH(bool, withOneTimeKey);
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob, withOneTimeKey);
    QVERIFY(p);
    for (int round = 0; round < 5; ++round) {
        // Alternating bursts: each change of direction is a DH ratchet step.
        for (int i = 0; i <= round; ++i) {
            const QByteArray text = QByteArray("a→b ") + QByteArray::number(round * 10 + i);
            const Result<QByteArray> m = p->alice.encrypt(text);
            QVERIFY(m.ok());
            const Result<QByteArray> got = p->bob.decrypt(m.value());
            QVERIFY2(got.ok(), secretErrorName(got.error()));
            QCOMPARE(got.value(), text);
        }
        const QByteArray reply = QByteArray("b→a ") + QByteArray::number(round);
        const Result<QByteArray> m = p->bob.encrypt(reply);
        QVERIFY(m.ok());
        const Result<QByteArray> got = p->alice.decrypt(m.value());
        QVERIFY2(got.ok(), secretErrorName(got.error()));
        QCOMPARE(got.value(), reply);
    }
}

void SecretRatchetTest::everyMessageUsesANewKey() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    // The same plaintext twice: different ciphertexts, numbered 1 and 2 on the chain.
    const QByteArray first = p->alice.encrypt("same").value();
    const QByteArray second = p->alice.encrypt("same").value();
    QVERIFY(first.sliced(kRatchetHeaderBytes) != second.sliced(kRatchetHeaderBytes));
    QCOMPARE(decodeRatchetHeader(first.first(kRatchetHeaderBytes))->messageNumber, 1u);
    QCOMPARE(decodeRatchetHeader(second.first(kRatchetHeaderBytes))->messageNumber, 2u);
    // Bob's reply moves Alice to a new ratchet key.
    QVERIFY(p->bob.decrypt(first).ok());
    const QByteArray reply = p->bob.encrypt("r").value();
    QVERIFY(p->alice.decrypt(reply).ok());
    const QByteArray third = p->alice.encrypt("same").value();
    QVERIFY(decodeRatchetHeader(third.first(kRatchetHeaderBytes))->ratchetKey !=
            decodeRatchetHeader(first.first(kRatchetHeaderBytes))->ratchetKey);
}

void SecretRatchetTest::outOfOrderAndLostMessages() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    QList<QByteArray> sent;
    for (int i = 0; i < 6; ++i)
        sent.push_back(p->alice.encrypt(QByteArray::number(i)).value());
    // 5 first, then 1 and 3; 0, 2 and 4 never arrive.
    QCOMPARE(p->bob.decrypt(sent[5]).value(), QByteArray("5"));
    QCOMPARE(p->bob.skippedKeyCount(), 5);
    QCOMPARE(p->bob.decrypt(sent[1]).value(), QByteArray("1"));
    QCOMPARE(p->bob.decrypt(sent[3]).value(), QByteArray("3"));
    QCOMPARE(p->bob.skippedKeyCount(), 3);
    // The conversation goes on regardless.
    const QByteArray reply = p->bob.encrypt("ok").value();
    QCOMPARE(p->alice.decrypt(reply).value(), QByteArray("ok"));
    QCOMPARE(p->bob.decrypt(p->alice.encrypt("next").value()).value(), QByteArray("next"));
    // A late one still opens from its kept key.
    QCOMPARE(p->bob.decrypt(sent[2]).value(), QByteArray("2"));
}

void SecretRatchetTest::outOfOrderAcrossRatchetSteps() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    QVERIFY(p->alice.decrypt(p->bob.encrypt("b0").value()).ok());
    const QByteArray oldChain1 = p->alice.encrypt("old1").value();
    const QByteArray oldChain2 = p->alice.encrypt("old2").value();
    QVERIFY(p->bob.decrypt(oldChain1).ok());
    QVERIFY(p->alice.decrypt(p->bob.encrypt("b1").value()).ok());
    // Alice's new chain reaches Bob before the end of her old one: PN tells him what to keep.
    const QByteArray newChain = p->alice.encrypt("new").value();
    QCOMPARE(p->bob.decrypt(newChain).value(), QByteArray("new"));
    QCOMPARE(p->bob.decrypt(oldChain2).value(), QByteArray("old2"));
}

void SecretRatchetTest::skipBeyondTheCapIsRefusedAndStateUnchanged() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    for (quint32 i = 0; i < kMaxSkipPerChain + 1; ++i)
        QVERIFY(p->alice.encrypt("lost").ok());
    const QByteArray tooFar = p->alice.encrypt("too far").value();
    const QByteArray before = stateBytes(p->bob);
    const Result<QByteArray> got = p->bob.decrypt(tooFar);
    QCOMPARE(got.error(), SecretError::TooManySkipped);
    QCOMPARE(stateBytes(p->bob), before);
    QCOMPARE(p->bob.skippedKeyCount(), 0);
}

void SecretRatchetTest::storedSkippedKeysAreBounded() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    // Three gaps of kMaxSkipPerChain on one chain: more than the session keeps.
    QByteArray firstLost;
    for (int gap = 0; gap < 3; ++gap) {
        for (quint32 i = 0; i < kMaxSkipPerChain; ++i) {
            const QByteArray lost = p->alice.encrypt("lost").value();
            if (firstLost.isEmpty())
                firstLost = lost;
        }
        QVERIFY(p->bob.decrypt(p->alice.encrypt("arrives").value()).ok());
    }
    QCOMPARE(p->bob.skippedKeyCount(), kMaxSkippedMessageKeys);
    // The oldest kept key was deleted: that message can no longer be read.
    QCOMPARE(p->bob.decrypt(firstLost).error(), SecretError::DuplicateOrExpired);
}

void SecretRatchetTest::tamperedMessageIsRefusedAndSessionSurvives_data() {
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("flip");
    QTest::newRow("header: version") << 0 << 1;
    QTest::newRow("header: ratchet key") << 5 << 1;
    QTest::newRow("header: previous chain length") << 36 << 1;
    // Message 1 claims to be 0 (already used), or 3 (two keys would be skipped: not kept).
    QTest::newRow("header: message number back") << 40 << 1;
    QTest::newRow("header: message number forward") << 40 << 2;
    QTest::newRow("ciphertext") << int(kRatchetHeaderBytes) << 1;
    QTest::newRow("tag") << -1 << 1;
}

void SecretRatchetTest::tamperedMessageIsRefusedAndSessionSurvives() {
    QFETCH(int, offset);
    QFETCH(int, flip);
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    const QByteArray genuine = p->alice.encrypt("genuine").value();
    QByteArray forged = genuine;
    const qsizetype at = offset < 0 ? forged.size() - 1 : offset;
    forged[at] = static_cast<char>(forged[at] ^ flip);
    const QByteArray before = stateBytes(p->bob);
    const Result<QByteArray> got = p->bob.decrypt(forged);
    QVERIFY(!got.ok());
    QVERIFY2(got.error() == SecretError::AuthenticationFailed ||
                 got.error() == SecretError::UnsupportedVersion ||
                 got.error() == SecretError::InvalidPublicKey ||
                 got.error() == SecretError::DuplicateOrExpired,
             secretErrorName(got.error()));
    QCOMPARE(stateBytes(p->bob), before);
    // The genuine message still opens, and the session goes on.
    QCOMPARE(p->bob.decrypt(genuine).value(), QByteArray("genuine"));
    QCOMPARE(p->alice.decrypt(p->bob.encrypt("still here").value()).value(),
             QByteArray("still here"));
}

void SecretRatchetTest::wrongAssociatedDataIsRefused() {
    // Bob's session believes it talks to someone else (another identity in the AD): the same
    // keys open nothing.
    Device alice, bob, mallory;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    RatchetState misbound = p->bob.state();
    misbound.associatedData =
        sessionAssociatedData(mallory.identity.publicIdentity(), bob.identity.publicIdentity());
    RatchetSession confused = RatchetSession::fromState(misbound);
    const QByteArray message = p->alice.encrypt("for bob").value();
    const QByteArray before = stateBytes(confused);
    QCOMPARE(confused.decrypt(message).error(), SecretError::AuthenticationFailed);
    QCOMPARE(stateBytes(confused), before);
    QCOMPARE(p->bob.decrypt(message).value(), QByteArray("for bob"));
}

void SecretRatchetTest::replayIsRefused() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    const QByteArray message = p->alice.encrypt("once").value();
    QVERIFY(p->bob.decrypt(message).ok());
    const QByteArray before = stateBytes(p->bob);
    QCOMPARE(p->bob.decrypt(message).error(), SecretError::DuplicateOrExpired);
    QCOMPARE(stateBytes(p->bob), before);
    // After the chain is over (a ratchet step later), still refused.
    QVERIFY(p->alice.decrypt(p->bob.encrypt("r").value()).ok());
    QVERIFY(p->bob.decrypt(p->alice.encrypt("new chain").value()).ok());
    QCOMPARE(p->bob.decrypt(message).error(), SecretError::DuplicateOrExpired);
}

void SecretRatchetTest::replayOfASkippedKeyIsRefused() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    const QByteArray late = p->alice.encrypt("late").value();
    QVERIFY(p->bob.decrypt(p->alice.encrypt("early").value()).ok());
    QCOMPARE(p->bob.decrypt(late).value(), QByteArray("late"));
    QCOMPARE(p->bob.skippedKeyCount(), 0);
    QCOMPARE(p->bob.decrypt(late).error(), SecretError::DuplicateOrExpired);
}

void SecretRatchetTest::responderCannotSendFirst() {
    Device bob;
    RatchetSession fresh = RatchetSession::respond(SecureBytes::random(32), QByteArray(128, 'x'),
                                                   bob.signedPreKeys.front().keyPair);
    QCOMPARE(fresh.encrypt("too early").error(), SecretError::NoSendingChain);
}

void SecretRatchetTest::storedStateCarriesTheConversationOn() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    const QByteArray skippedForLater = p->alice.encrypt("kept").value();
    QVERIFY(p->bob.decrypt(p->alice.encrypt("seen").value()).ok());
    QVERIFY(p->alice.decrypt(p->bob.encrypt("reply").value()).ok());
    // A "restart" between every two messages: both sides go through their stored form.
    for (int i = 0; i < 6; ++i) {
        RatchetSession &sender = i % 2 ? p->bob : p->alice;
        RatchetSession &receiver = i % 2 ? p->alice : p->bob;
        const QByteArray text = QByteArray::number(i);
        const QByteArray message = sender.encrypt(text).value();
        for (RatchetSession *side : {&sender, &receiver}) {
            const SecureBytes stored = encodeRatchetState(side->state());
            Result<RatchetState> restored = decodeRatchetState(stored.view());
            QVERIFY2(restored.ok(), secretErrorName(restored.error()));
            QCOMPARE(encodeRatchetState(restored.value()).toHex(), stored.toHex());
            *side = RatchetSession::fromState(std::move(restored).value());
        }
        QCOMPARE(receiver.decrypt(message).value(), text);
    }
    QCOMPARE(p->bob.decrypt(skippedForLater).value(), QByteArray("kept"));
}

void SecretRatchetTest::damagedStateIsRefused() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    QVERIFY(p->alice.encrypt("skip").ok());
    QVERIFY(p->bob.decrypt(p->alice.encrypt("x").value()).ok());
    const SecureBytes stored = encodeRatchetState(p->bob.state());
    const QByteArray good = stored.rawView();
    QVERIFY(decodeRatchetState(good).ok());
    QCOMPARE(decodeRatchetState({}).error(), SecretError::Malformed);
    QCOMPARE(decodeRatchetState(good.first(good.size() - 1)).error(), SecretError::Malformed);
    QCOMPARE(decodeRatchetState(good + '\0').error(), SecretError::Malformed);
    QByteArray version = good;
    version[0] = 2;
    QCOMPARE(decodeRatchetState(version).error(), SecretError::UnsupportedVersion);
    QByteArray flags = good;
    flags[1] = static_cast<char>(flags[1] | 0x80);
    QCOMPARE(decodeRatchetState(flags).error(), SecretError::Malformed);
    // The ratchet public key no longer matches its secret.
    QByteArray publicKey = good;
    const qsizetype publicAt = 2 + kAssociatedDataBytes;
    publicKey[publicAt] = static_cast<char>(publicKey[publicAt] ^ 1);
    QCOMPARE(decodeRatchetState(publicKey).error(), SecretError::Malformed);
}

void SecretRatchetTest::oversizedPlaintextIsRefused() {
    Device alice, bob;
    std::optional<Pair> p = startPair(alice, bob);
    QVERIFY(p);
    QCOMPARE(p->alice.encrypt(QByteArray(kMaxPlaintextBytes + 1, 'x')).error(),
             SecretError::Malformed);
    const Result<QByteArray> largest = p->alice.encrypt(QByteArray(kMaxPlaintextBytes, 'x'));
    QVERIFY(largest.ok());
    QCOMPARE(p->bob.decrypt(largest.value())->size(), kMaxPlaintextBytes);
}

QTEST_GUILESS_MAIN(SecretRatchetTest)
#include "tst_secret_ratchet.moc"
