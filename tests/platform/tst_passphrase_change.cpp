// Changing a profile's passphrase (Settings, issue 11): the same database key re-wrapped under
// the new passphrase; the old one stops working; a wrong old passphrase or a failed write
// leaves key.wrapped byte for byte as it was, and still opening with the old passphrase.
#include "crypto/key_wrap.h"
#include "crypto/secure_bytes.h"
#include "platform/keychain_key_store.h"
#include "platform/passphrase_key_file.h"
#include "platform/profile_key_provider.h"
#include "tests/support/await.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace msgr;
using namespace msgr::platform;
using msgr::test::await;

namespace {

const crypto::KeyWrapCost kFast = crypto::KeyWrapCost::interactive();
const QByteArray kOld = "old passphrase 1";
const QByteArray kNew = "new passphrase 2";

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Profile {
    QTemporaryDir dir;
    QByteArray key = QByteArray(ProfileKeyProvider::kKeyBytes, '\x5a');
    Profile() { QVERIFY(writeWrappedKey(dir.path(), key, kOld, kFast).ok()); }
    QString path() const { return dir.path(); }
    QByteArray opensWith(const QByteArray &passphrase) const {
        const PassphraseKeyResult read = readWrappedKey(dir.path(), passphrase);
        return read.ok() ? read.key.view().toByteArray() : QByteArray();
    }
};

} // namespace

class TestPassphraseChange : public QObject {
    Q_OBJECT
private slots:
    void newPassphraseOpensTheSameKeyAndTheOldOneNoLonger() {
        Profile profile;
        KeychainKeyStore store;
        ProfileKeyProvider provider(&store);
        const auto error = await<PassphraseKeyError>([&](QObject *c, auto done) {
            provider.changePassphrase(profile.path(), crypto::SecureBytes::copyOf(kOld),
                                      crypto::SecureBytes::copyOf(kNew), c, std::move(done), kFast);
        });
        QCOMPARE(error, PassphraseKeyError::None);
        QCOMPARE(profile.opensWith(kNew), profile.key);
        QCOMPARE(readWrappedKey(profile.path(), kOld).error, PassphraseKeyError::WrongPassphrase);

        // The provider's own unlock path (what the app does at start) agrees.
        const auto unlocked = await<ProfileKey>([&](QObject *c, auto done) {
            provider.unlockWithPassphrase(profile.path(), crypto::SecureBytes::copyOf(kNew), c,
                                          std::move(done), kFast);
        });
        QCOMPARE(unlocked.status, ProfileKeyStatus::Ready);
        QCOMPARE(unlocked.key.view().toByteArray(), profile.key);
        QVERIFY(!unlocked.newDatabase);
    }

    void theNewFileIsOwnerOnly() {
        Profile profile;
        QVERIFY(changeWrappedKeyPassphrase(profile.path(), kOld, kNew, kFast).ok());
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(wrappedKeyPath(profile.path())).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QVERIFY(!readFile(wrappedKeyPath(profile.path())).contains(profile.key));
    }

    void wrongOldPassphraseChangesNothing() {
        Profile profile;
        const QByteArray before = readFile(wrappedKeyPath(profile.path()));
        QCOMPARE(
            changeWrappedKeyPassphrase(profile.path(), "not the passphrase", kNew, kFast).error,
            PassphraseKeyError::WrongPassphrase);
        QCOMPARE(readFile(wrappedKeyPath(profile.path())), before);
        QCOMPARE(profile.opensWith(kOld), profile.key);
        QVERIFY(profile.opensWith(kNew).isEmpty());
    }

    void noKeyFileIsNotFound() {
        QTemporaryDir keychainProfile; // a keychain profile has no key.wrapped
        QCOMPARE(changeWrappedKeyPassphrase(keychainProfile.path(), kOld, kNew, kFast).error,
                 PassphraseKeyError::NotFound);
        QVERIFY(!hasWrappedKey(keychainProfile.path()));
    }

    void aFailedWriteLeavesTheOldFileWorking() {
        if (::geteuid() == 0)
            QSKIP("root writes into a read-only folder");
        Profile profile;
        const QByteArray before = readFile(wrappedKeyPath(profile.path()));
        // QSaveFile writes a temporary file next to key.wrapped: a read-only folder makes that
        // fail, as a full disk or a crash before the rename would.
        QVERIFY(
            QFile::setPermissions(profile.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const PassphraseKeyError error =
            changeWrappedKeyPassphrase(profile.path(), kOld, kNew, kFast).error;
        QVERIFY(QFile::setPermissions(profile.path(), QFileDevice::ReadOwner |
                                                          QFileDevice::WriteOwner |
                                                          QFileDevice::ExeOwner));
        QCOMPARE(error, PassphraseKeyError::Io);
        QCOMPARE(readFile(wrappedKeyPath(profile.path())), before);
        QCOMPARE(profile.opensWith(kOld), profile.key);
        QCOMPARE(QDir(profile.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("key.wrapped")}); // no half-written file left
    }
};

QTEST_GUILESS_MAIN(TestPassphraseChange)
#include "tst_passphrase_change.moc"
