// KeychainKeyStore against a real Secret Service (gnome-keyring in a private D-Bus session,
// see with_keyring.sh): keys survive into a new store instance, profiles are separate, a missing
// key is NotFound, and the key provider keeps one key per profile.
#include "platform/keychain_key_store.h"
#include "platform/keychain_probe.h"
#include "platform/profile_key_provider.h"

#include "crypto/secure_bytes.h"
#include "tests/support/await.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr::platform;
using msgr::test::await;

namespace {

const QString kService = QStringLiteral("org.msgr.messenger.test");

//! The key provider's answer for one profile.
ProfileKey awaitKey(ProfileKeyProvider &provider, const QString &id, const QString &dir) {
    return await<ProfileKey>(
        [&](QObject *c, auto done) { provider.obtainKey(id, dir, c, std::move(done)); });
}

} // namespace

class TestKeychain : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QString why;
        QVERIFY2(keychainBackendAvailable(&why),
                 qPrintable(QStringLiteral("run me through with_keyring.sh: ") + why));
    }

    void keyIsReadBackByANewStore() {
        const auto key = msgr::crypto::SecureBytes::random(32);
        {
            KeychainKeyStore store(kService);
            const auto written = await<KeyStoreResult>(
                [&](QObject *c, auto done) { store.writeKey("p1", key, c, done); });
            QVERIFY2(written.ok(), qPrintable(written.message));
        }
        KeychainKeyStore fresh(kService);
        const auto read =
            await<KeyStoreResult>([&](QObject *c, auto done) { fresh.readKey("p1", c, done); });
        QVERIFY2(read.ok(), qPrintable(read.message));
        QCOMPARE(read.key, key); // binary, byte for byte (zero bytes included)
    }

    void profilesAreSeparate() {
        KeychainKeyStore store(kService);
        const auto a = msgr::crypto::SecureBytes(32); // all zero bytes
        const auto b = msgr::crypto::SecureBytes::random(32);
        QVERIFY(await<KeyStoreResult>([&](QObject *c, auto done) {
                    store.writeKey("pa", a, c, done);
                }).ok());
        QVERIFY(await<KeyStoreResult>([&](QObject *c, auto done) {
                    store.writeKey("pb", b, c, done);
                }).ok());
        QCOMPARE(
            await<KeyStoreResult>([&](QObject *c, auto done) { store.readKey("pa", c, done); }).key,
            a);
        QCOMPARE(
            await<KeyStoreResult>([&](QObject *c, auto done) { store.readKey("pb", c, done); }).key,
            b);
    }

    void missingKeyIsNotFound() {
        KeychainKeyStore store(kService);
        const auto read = await<KeyStoreResult>(
            [&](QObject *c, auto done) { store.readKey("never-written", c, done); });
        QCOMPARE(read.error, KeyStoreError::NotFound);
        QVERIFY(read.key.isEmpty());
        const auto x = msgr::crypto::SecureBytes::copyOf("x");
        QVERIFY(await<KeyStoreResult>([&](QObject *c, auto done) {
                    store.writeKey("gone", x, c, done);
                }).ok());
        QVERIFY(await<KeyStoreResult>([&](QObject *c, auto done) {
                    store.deleteKey("gone", c, done);
                }).ok());
        QCOMPARE(await<KeyStoreResult>([&](QObject *c, auto done) {
                     store.readKey("gone", c, done);
                 }).error,
                 KeyStoreError::NotFound);
    }

    void providerCreatesOneKeyPerProfile() {
        KeychainKeyStore store(kService);
        ProfileKeyProvider provider(&store);
        QTemporaryDir dir;
        const ProfileKey first = awaitKey(provider, QStringLiteral("profile-x"), dir.path());
        QCOMPARE(first.status, ProfileKeyStatus::Ready);
        QVERIFY(first.newDatabase);
        QCOMPARE(first.key.size(), 32);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("key.wrapped")))); // keychain only
        const ProfileKey again = awaitKey(provider, QStringLiteral("profile-x"), dir.path());
        QCOMPARE(again.status, ProfileKeyStatus::Ready);
        QVERIFY(!again.newDatabase);
        QCOMPARE(again.key, first.key);
    }

    void existingDatabaseWithoutKeyIsNeverGivenANewOne() {
        KeychainKeyStore store(kService);
        ProfileKeyProvider provider(&store);
        QTemporaryDir dir;
        QFile db(ProfileKeyProvider::databasePath(dir.path()));
        QVERIFY(db.open(QIODevice::WriteOnly));
        db.write("encrypted bytes");
        db.close();
        const ProfileKey k = awaitKey(provider, QStringLiteral("profile-lost"), dir.path());
        QCOMPARE(k.status, ProfileKeyStatus::KeyMissing);
        QVERIFY(k.key.isEmpty());
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
