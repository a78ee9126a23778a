// What a profile leaves on disk besides its contents: the folder is the owner's alone (0700),
// the database and SQLite's -wal/-shm files too (0600), also when an older build left them
// wider; the profile's settings survive a restart and a log-out; and the storage thread keeps
// no reference to the database key once the file is open.
#include "crypto/private_files.h"
#include "crypto/secure_bytes.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/settings_table.h"
#include "tests/support/await.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace msgr;
using namespace msgr::storage;
using msgr::test::await;

namespace {

const QByteArray kKey(32, '\x5c');

OpenResult openStore(ProfileStore &store, const QString &dir) {
    return await<OpenResult>([&](QObject *c, auto done) { store.open(dir, kKey, c, done); });
}

//! A read commits every write queued before it.
void flush(ProfileStore &store) {
    (void)await<std::optional<AccountState>>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &tx) { return AccountTable::load(tx); }, c, done);
    });
}

ProfileSettings settingsOf(ProfileStore &store) {
    return await<ProfileSettings>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &tx) { return SettingsTable::load(tx); }, c, done);
    });
}

QString mode(const QString &path) {
    return QString::number(crypto::permissionBits(path), 8);
}

} // namespace

class TestProfileFiles : public QObject {
    Q_OBJECT
private slots:
    // The usual umask: without it the modes below would prove nothing about the code.
    void initTestCase() { ::umask(022); }

    void newProfileIsOwnerOnly() {
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("profiles/alice"));
        ProfileStore store;
        QVERIFY(openStore(store, dir).ok());
        AccountState account;
        account.userId = 1;
        account.token = QStringLiteral("secret-token");
        store.write([account](WriteTransaction &tx) { AccountTable::save(tx, account); });
        flush(store);

        const QString db = QDir(dir).filePath(QStringLiteral("history.db"));
        QCOMPARE(mode(dir), QStringLiteral("700"));
        QCOMPARE(mode(db), QStringLiteral("600"));
        // WAL mode: both side files exist while the database is open, with the database's mode.
        for (const QString &side : {db + QStringLiteral("-wal"), db + QStringLiteral("-shm")}) {
            QVERIFY2(QFile::exists(side), qPrintable(side));
            QCOMPARE(mode(side), QStringLiteral("600"));
        }
    }

    void widerModesOfAnOlderBuildAreNarrowed() {
        QTemporaryDir root;
        const QString dir = root.filePath(QStringLiteral("old"));
        const QString db = QDir(dir).filePath(QStringLiteral("history.db"));
        {
            ProfileStore store;
            QVERIFY(openStore(store, dir).ok());
            flush(store);
        }
        // What builds before this fix left behind.
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(db).constData(), 0644) == 0);
        QFile journal(db + QStringLiteral("-journal"));
        QVERIFY(journal.open(QIODevice::WriteOnly));
        journal.close();
        QVERIFY(::chmod(QFile::encodeName(journal.fileName()).constData(), 0644) == 0);
        QCOMPARE(mode(db), QStringLiteral("644"));

        ProfileStore store;
        QVERIFY(openStore(store, dir).ok());
        QCOMPARE(mode(dir), QStringLiteral("700"));
        QCOMPARE(mode(db), QStringLiteral("600"));
        QCOMPARE(mode(journal.fileName()), QStringLiteral("600"));
    }

    void settingsSurviveRestartAndLogOut() {
        QTemporaryDir dir;
        {
            ProfileStore store;
            QVERIFY(openStore(store, dir.path()).ok());
            QCOMPARE(settingsOf(store).allowInsecureTransport, false); // the default
            ProfileSettings settings;
            settings.allowInsecureTransport = true;
            store.write([settings](WriteTransaction &tx) { SettingsTable::save(tx, settings); });
            store.write([](WriteTransaction &tx) { AccountTable::clear(tx); });
            QCOMPARE(settingsOf(store).allowInsecureTransport, true);
        }
        ProfileStore reopened;
        QVERIFY(openStore(reopened, dir.path()).ok());
        QCOMPARE(settingsOf(reopened).allowInsecureTransport, true);
        ProfileSettings off;
        reopened.write([off](WriteTransaction &tx) { SettingsTable::save(tx, off); });
        QCOMPARE(settingsOf(reopened).allowInsecureTransport, false);
    }

    void storageKeepsNoReferenceToTheKey() {
        QTemporaryDir dir;
        const crypto::SecureBytes key = crypto::SecureBytes::copyOf(kKey);
        const char *buffer = key.constData();
        ProfileStore store;
        const OpenResult opened =
            await<OpenResult>([&](QObject *c, auto done) { store.open(dir.path(), key, c, done); });
        QVERIFY(opened.ok());
        // The storage thread shared the one buffer while opening, then let it go: no copy of
        // the key lives on there, and the caller's buffer is the same, intact.
        QTRY_COMPARE(key.useCount(), 1L);
        QCOMPARE(key.constData(), buffer);
        QCOMPARE(key.view(), QByteArrayView(kKey));
    }
};

QTEST_GUILESS_MAIN(TestProfileFiles)
#include "tst_profile_files.moc"
