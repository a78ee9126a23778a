// Secrets are wiped for real and live in guarded memory: crypto::wipe zeroes the one buffer
// every implicitly shared copy points at (not a detached copy of it); SecureBytes shares one
// sodium_malloc'ed, locked buffer between copies and zeroes it in place; and the key provider
// hands the key it got from the keychain through to its caller without copying it.
#include "crypto/secure_bytes.h"
#include "crypto/sodium.h"
#include "platform/key_store.h"
#include "platform/profile_key_provider.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::platform;

namespace {

//! A keychain that holds one fixed key and remembers the buffer it handed out.
class FixedKeyStore : public KeyStore {
public:
    crypto::SecureBytes key = crypto::SecureBytes::random(ProfileKeyProvider::kKeyBytes);

    void readKey(const QString &, QObject *context, Done done) override {
        KeyStoreResult result;
        result.key = key;
        QMetaObject::invokeMethod(
            context, [done, result] { done(result); }, Qt::QueuedConnection);
    }
    void writeKey(const QString &, const crypto::SecureBytes &, QObject *, Done) override {}
    void deleteKey(const QString &, QObject *, Done) override {}
};

} // namespace

class TestSecretsInMemory : public QObject {
    Q_OBJECT
private slots:
    void wipeZeroesTheSharedBufferNotACopy() {
        QByteArray secret = crypto::randomBytes(32);
        secret.detach();
        const QByteArray sharer = secret; // implicitly shared: the same buffer
        const char *buffer = sharer.constData();
        QVERIFY(sharer != QByteArray(32, '\0'));

        crypto::wipe(secret);
        QVERIFY(secret.isEmpty());
        // The buffer was zeroed where it is; detaching first would have zeroed a fresh copy
        // and left the secret in this one.
        QCOMPARE(sharer.constData(), buffer);
        QCOMPARE(sharer, QByteArray(32, '\0'));
    }

    void wipeZeroesBytesLeftPastTheSize() {
        QByteArray secret = crypto::randomBytes(64);
        const char *buffer = secret.constData();
        secret.resize(8); // the other 56 bytes stay in the allocation
        const QByteArray sharer = secret;
        crypto::wipe(secret);
        for (int i = 0; i < 64; ++i)
            QCOMPARE(buffer[i], '\0');
        QCOMPARE(sharer.constData(), buffer);
    }

    void wipeLeavesBytesItDoesNotOwnAlone() {
        static const char text[] = "not a heap buffer";
        QByteArray raw = QByteArray::fromRawData(text, sizeof text - 1);
        crypto::wipe(raw); // read-only memory: must not be written, must not crash
        QVERIFY(raw.isEmpty());
        QByteArray literal = QByteArrayLiteral("literal");
        crypto::wipe(literal);
        QVERIFY(literal.isEmpty());
    }

    void secureBytesShareOneLockedBuffer() {
        const crypto::SecureBytes key = crypto::SecureBytes::random(32);
        QCOMPARE(key.size(), 32);
        QVERIFY(key.isLocked());
        QCOMPARE(key.constData()[32], '\0'); // terminated for C APIs

        crypto::SecureBytes copy = key;
        QCOMPARE(copy.constData(), key.constData()); // shared, not duplicated
        QCOMPARE(key.useCount(), 2L);
        QVERIFY(copy == key);
        copy.reset();
        QCOMPARE(key.useCount(), 1L);
    }

    void secureBytesWipeReachesEveryCopy() {
        crypto::SecureBytes key = crypto::SecureBytes::copyOf("0123456789abcdef");
        const crypto::SecureBytes copy = key;
        key.wipe();
        QCOMPARE(copy.view(), QByteArrayView(QByteArray(16, '\0')));
    }

    void takeFromZeroesTheSource() {
        QByteArray plain = QByteArrayLiteral("correct horse battery staple");
        plain.detach();
        const QByteArray sharer = plain;
        const crypto::SecureBytes secure = crypto::SecureBytes::takeFrom(plain);
        QCOMPARE(secure.view(), QByteArrayView("correct horse battery staple"));
        QVERIFY(plain.isEmpty());
        QCOMPARE(sharer, QByteArray(sharer.size(), '\0'));
    }

    void hexAndConcatStayInGuardedMemory() {
        const QByteArray raw = QByteArray::fromHex("00ff10a5");
        const crypto::SecureBytes hex = crypto::SecureBytes::copyOf(raw).toHex();
        QCOMPARE(hex.view(), QByteArrayView("00ff10a5"));
        const crypto::SecureBytes spec = crypto::SecureBytes::concat({"x'", hex.view(), "'"});
        QCOMPARE(spec.view(), QByteArrayView("x'00ff10a5'"));
        QCOMPARE(qstrlen(spec.constData()), size_t(spec.size()));
    }

    void providerPassesTheKeychainKeyWithoutACopy() {
        FixedKeyStore keychain;
        ProfileKeyProvider provider(&keychain);
        QTemporaryDir dir;
        std::optional<ProfileKey> got;
        QObject context;
        provider.obtainKey(QStringLiteral("p"), dir.path(), &context,
                           [&](ProfileKey key) { got = std::move(key); });
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->status, ProfileKeyStatus::Ready);
        // The very buffer the keychain produced: no byte of the key was copied on the way.
        QCOMPARE(got->key.constData(), keychain.key.constData());
        QVERIFY(got->key.isLocked());
    }
};

QTEST_GUILESS_MAIN(TestSecretsInMemory)
#include "tst_secrets_in_memory.moc"
