// Without any D-Bus session: the keychain says NoBackend at once (no hang), the key provider
// asks for a passphrase, and the passphrase-wrapped key file works, refuses a wrong passphrase
// with a typed error and never holds the key in the clear.
#include "crypto/key_wrap.h"
#include "crypto/key_wrap_format.h"
#include "crypto/private_files.h"
#include "crypto/sodium.h"
#include "platform/keychain_key_store.h"
#include "platform/passphrase_key_file.h"
#include "platform/profile_key_provider.h"
#include "tests/support/await.h"

#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace msgr;
using namespace msgr::platform;
using msgr::test::await;

namespace {

const crypto::KeyWrapCost kFast = crypto::KeyWrapCost::interactive();

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestKeychainFallback : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qunsetenv("DBUS_SESSION_BUS_ADDRESS"); }

    void keychainWithoutBusReportsNoBackend() {
        KeychainKeyStore store;
        const auto read = await<KeyStoreResult>(
            [&](QObject *c, auto done) { store.readKey("p", c, std::move(done)); });
        QCOMPARE(read.error, KeyStoreError::NoBackend);
        const auto written = await<KeyStoreResult>([&](QObject *c, auto done) {
            store.writeKey("p", crypto::SecureBytes::copyOf("k"), c, std::move(done));
        });
        QCOMPARE(written.error, KeyStoreError::NoBackend);
    }

    void providerAsksForAPassphraseAndUsesIt() {
        KeychainKeyStore store;
        ProfileKeyProvider provider(&store);
        QTemporaryDir dir;
        const auto obtain = [&] {
            return await<ProfileKey>([&](QObject *c, auto done) {
                provider.obtainKey(QStringLiteral("p"), dir.path(), c, std::move(done));
            });
        };
        const auto unlock = [&](const QByteArray &passphrase) {
            return await<ProfileKey>([&](QObject *c, auto done) {
                provider.unlockWithPassphrase(dir.path(), crypto::SecureBytes::copyOf(passphrase),
                                              c, std::move(done), kFast);
            });
        };
        ProfileKey k = obtain();
        QCOMPARE(k.status, ProfileKeyStatus::NeedsPassphrase);
        QVERIFY(k.passphraseIsNew);

        const ProfileKey created = unlock("correct horse battery");
        QCOMPARE(created.status, ProfileKeyStatus::Ready);
        QVERIFY(created.newDatabase);
        QCOMPARE(created.key.size(), 32);
        const QByteArray file = readFile(wrappedKeyPath(dir.path()));
        QVERIFY(!file.isEmpty());
        const QByteArray key = created.key.view().toByteArray();
        QVERIFY(!file.contains(key));
        QVERIFY(!file.contains(key.toHex()));
        QVERIFY(!file.contains(key.toBase64()));

        k = obtain();
        QCOMPARE(k.status, ProfileKeyStatus::NeedsPassphrase);
        QVERIFY(!k.passphraseIsNew);

        const ProfileKey wrong = unlock("wrong horse");
        QCOMPARE(wrong.status, ProfileKeyStatus::WrongPassphrase);
        QVERIFY(wrong.key.isEmpty());
        QCOMPARE(readFile(wrappedKeyPath(dir.path())), file); // no silent new key

        const ProfileKey opened = unlock("correct horse battery");
        QCOMPARE(opened.status, ProfileKeyStatus::Ready);
        QVERIFY(!opened.newDatabase);
        QCOMPARE(opened.key, created.key);
    }

    void existingDatabaseWithoutKeyFileIsKeyMissing() {
        KeychainKeyStore store;
        ProfileKeyProvider provider(&store);
        QTemporaryDir dir;
        QFile db(ProfileKeyProvider::databasePath(dir.path()));
        QVERIFY(db.open(QIODevice::WriteOnly));
        db.write("x");
        db.close();
        const auto k = await<ProfileKey>([&](QObject *c, auto done) {
            provider.obtainKey(QStringLiteral("p"), dir.path(), c, std::move(done));
        });
        QCOMPARE(k.status, ProfileKeyStatus::KeyMissing);
        const auto u = await<ProfileKey>([&](QObject *c, auto done) {
            provider.unlockWithPassphrase(dir.path(), crypto::SecureBytes::copyOf("pw"), c,
                                          std::move(done), kFast);
        });
        QCOMPARE(u.status, ProfileKeyStatus::KeyMissing);
        QVERIFY(!QFile::exists(wrappedKeyPath(dir.path())));
    }

    void wrappedFileAtDefaultCost() {
        QTemporaryDir dir;
        const QByteArray key = crypto::randomBytes(32);
        QVERIFY(writeWrappedKey(dir.path(), key, "pass phrase").ok()); // MODERATE
        const auto header = crypto::parseWrappedKey(readFile(wrappedKeyPath(dir.path())));
        QVERIFY(header);
        QCOMPARE(header->memLimitBytes, size_t(256) * 1024 * 1024);
        QCOMPARE(readWrappedKey(dir.path(), "pass phrase").key.view(), key);
        QCOMPARE(readWrappedKey(dir.path(), "Pass phrase").error,
                 PassphraseKeyError::WrongPassphrase);
        QTemporaryDir empty;
        QCOMPARE(readWrappedKey(empty.path(), "x").error, PassphraseKeyError::NotFound);
    }

    void wrappedKeyFileAndFolderAreOwnerOnly() {
        ::umask(022); // the usual one: without it the modes would prove nothing
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("profile"));
        const auto key = crypto::SecureBytes::random(32);
        QVERIFY(writeWrappedKey(dir, key.view(), "pass phrase", kFast).ok());
        QCOMPARE(crypto::permissionBits(dir), 0700);
        QCOMPARE(crypto::permissionBits(wrappedKeyPath(dir)), 0600);

        // Replacing a file an older build left 0644 (QSaveFile would carry that mode over).
        QVERIFY(::chmod(QFile::encodeName(wrappedKeyPath(dir)).constData(), 0644) == 0);
        QVERIFY(writeWrappedKey(dir, key.view(), "new pass phrase", kFast).ok());
        QCOMPARE(crypto::permissionBits(wrappedKeyPath(dir)), 0600);

        // Reading narrows a file it finds readable by others, before anything else.
        QVERIFY(::chmod(QFile::encodeName(wrappedKeyPath(dir)).constData(), 0644) == 0);
        QVERIFY(readWrappedKey(dir, "new pass phrase").key == key);
        QCOMPARE(crypto::permissionBits(wrappedKeyPath(dir)), 0600);
    }

    void tamperedOrWeakenedBlobsAreRefused() {
        const QByteArray key = crypto::randomBytes(32);
        const crypto::KeyWrapResult wrapped = crypto::wrapKey(key, "pw", kFast);
        QVERIFY(wrapped.ok());
        QCOMPARE(crypto::unwrapKey(wrapped.data, "pw").key.view(), key);

        QCborParserError parseError;
        QCborMap map = QCborValue::fromCbor(wrapped.data, &parseError).toMap();
        QVERIFY(parseError.error == QCborError::NoError);
        QByteArray ct = map.value(QStringLiteral("ct")).toByteArray();
        ct[0] = static_cast<char>(ct[0] ^ 1);
        QCborMap flipped = map;
        flipped.insert(QStringLiteral("ct"), ct);
        QCOMPARE(crypto::unwrapKey(flipped.toCborValue().toCbor(), "pw").error,
                 crypto::KeyWrapError::WrongPassphrase);

        QCborMap weak = map; // a cost below INTERACTIVE is not even tried
        weak.insert(QStringLiteral("mem"), 8 * 1024);
        QCOMPARE(crypto::unwrapKey(weak.toCborValue().toCbor(), "pw").error,
                 crypto::KeyWrapError::Malformed);
        QCOMPARE(crypto::unwrapKey("not cbor at all", "pw").error, crypto::KeyWrapError::Malformed);
        QCOMPARE(crypto::wrapKey(key, "pw", {1, 8 * 1024}).error,
                 crypto::KeyWrapError::InvalidInput);
        QCOMPARE(crypto::wrapKey(key, "", kFast).error, crypto::KeyWrapError::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(TestKeychainFallback)
#include "tst_keychain_fallback.moc"
