// A damaged key.wrapped (no keychain, the passphrase fallback): whatever the file holds, reading
// it gives the typed error Malformed before any key derivation, the key provider reports a clear
// error instead of a key, and nothing is written: the file keeps its bytes (the user's only copy
// of the wrapped key may still be recoverable) and no new key or database appears.
#include "crypto/key_wrap.h"
#include "crypto/key_wrap_format.h"
#include "crypto/secure_bytes.h"
#include "platform/keychain_key_store.h"
#include "platform/passphrase_key_file.h"
#include "platform/profile_key_provider.h"
#include "tests/support/await.h"

#include <QCborMap>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::platform;
using msgr::test::await;

namespace {

const crypto::KeyWrapCost kFast = crypto::KeyWrapCost::interactive();
const QByteArray kPassphrase = "correct horse battery";

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QStringList entries(const QString &dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

//! A real key.wrapped as the client writes it, with one field replaced (empty if it is not one).
QByteArray withField(const QByteArray &wrapped, const QString &field, const QCborValue &value) {
    QCborParserError error;
    QCborMap map = QCborValue::fromCbor(wrapped, &error).toMap();
    if (error.error != QCborError::NoError)
        return {};
    map.insert(field, value);
    return map.toCborValue().toCbor();
}

} // namespace

class TestKeyFileCorruption : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qunsetenv("DBUS_SESSION_BUS_ADDRESS"); }

    void damagedFileIsMalformedAndKeptAsIs_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<bool>("withDatabase");
        for (const char *damage :
             {"a1a1", "empty", "truncated", "trailing-byte", "not-cbor", "version-2", "ops-as-text",
              "salt-short", "huge-length", "oversized-file"}) {
            QTest::newRow(damage) << QString::fromLatin1(damage) << false;
            QTest::newRow(qPrintable(QStringLiteral("%1+db").arg(QLatin1StringView(damage))))
                << QString::fromLatin1(damage) << true;
        }
    }

    void damagedFileIsMalformedAndKeptAsIs() {
        QFETCH(QString, damage);
        QFETCH(bool, withDatabase);
        KeychainKeyStore store; // no D-Bus session: NoBackend, the passphrase fallback
        ProfileKeyProvider provider(&store);
        QTemporaryDir dir;
        const auto unlock = [&] {
            return await<ProfileKey>([&](QObject *c, auto done) {
                provider.unlockWithPassphrase(dir.path(), crypto::SecureBytes::copyOf(kPassphrase),
                                              c, std::move(done), kFast);
            });
        };
        QCOMPARE(unlock().status, ProfileKeyStatus::Ready); // a new profile and its key file
        const QString path = wrappedKeyPath(dir.path());
        const QByteArray good = readFile(path);
        QVERIFY(crypto::parseWrappedKey(good));

        const QHash<QString, QByteArray> damaged{
            {QStringLiteral("a1a1"), QByteArray("\xa1\xa1", 2)},
            {QStringLiteral("empty"), QByteArray()},
            {QStringLiteral("truncated"), good.left(good.size() / 2)},
            {QStringLiteral("trailing-byte"), good + '\0'},
            {QStringLiteral("not-cbor"), QByteArray("key=0123456789abcdef\n")},
            {QStringLiteral("version-2"), withField(good, QStringLiteral("v"), 2)},
            {QStringLiteral("ops-as-text"),
             withField(good, QStringLiteral("ops"), QStringLiteral("3"))},
            {QStringLiteral("salt-short"),
             withField(good, QStringLiteral("salt"), QByteArray(4, 's'))},
            {QStringLiteral("huge-length"), QByteArray("\x5b\xff\xff\xff\xff\xff\xff\xff\xff", 9)},
            {QStringLiteral("oversized-file"),
             good + QByteArray(crypto::kMaxWrappedBlobBytes, 'x')},
        };
        const QByteArray bytes = damaged.value(damage);
        QVERIFY(bytes != good);
        QVERIFY(writeFile(path, bytes));
        if (withDatabase)
            QVERIFY(writeFile(ProfileKeyProvider::databasePath(dir.path()), "not opened here"));
        const QStringList before = entries(dir.path());

        QCOMPARE(crypto::unwrapKey(bytes, kPassphrase).error, crypto::KeyWrapError::Malformed);
        const PassphraseKeyResult read = readWrappedKey(dir.path(), kPassphrase);
        QCOMPARE(read.error, PassphraseKeyError::Malformed);
        QVERIFY(read.key.isEmpty());

        // The provider still sees a key file (it asks for the passphrase, not for a new one)...
        const ProfileKey asked = await<ProfileKey>([&](QObject *c, auto done) {
            provider.obtainKey(QStringLiteral("p"), dir.path(), c, std::move(done));
        });
        QCOMPARE(asked.status, ProfileKeyStatus::NeedsPassphrase);
        QVERIFY(!asked.passphraseIsNew);
        // ...and refuses it with a clear error, not "wrong passphrase" and never a new key.
        const ProfileKey opened = unlock();
        QCOMPARE(opened.status, ProfileKeyStatus::Error);
        QVERIFY(opened.key.isEmpty());
        QVERIFY(!opened.newDatabase);
        QVERIFY2(opened.message.contains(QLatin1StringView("key.wrapped")),
                 qPrintable(opened.message));

        QCOMPARE(readFile(path), bytes); // not overwritten
        QCOMPARE(entries(dir.path()), before);
    }
};

QTEST_GUILESS_MAIN(TestKeyFileCorruption)
#include "tst_key_file_corruption.moc"
