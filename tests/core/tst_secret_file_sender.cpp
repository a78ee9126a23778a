// SecretFileSender (core/messages/secret_file_sender.h) on the app's own media parts, against
// the REAL msgr-server: a secret chat's file is sealed while it is uploaded, and a seal is run
// once per upload and process. The upload manager's `loaded` (which resumes the seals an app
// kill cut off) may come after this run's own seal ended but before its end was stored: the
// row then still reads unsealed. Sealing it again would race the sending and, when the user
// changed the file since, refuse and drop a message that was sealed whole: the file must be
// sent once, nothing refused, nothing left in the profile's secret-uploads.
#include "client_app.h"
#include "client_media.h"
#include "core/media/upload_manager.h"
#include "core/messages/secret_file_sender.h"
#include "core/secret/secret_writes.h"
#include "core_test_helpers.h"
#include "crypto/secret/pre_key_bundle.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/secret_attachments_table.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/support/server_process.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <future>
#include <memory>

using namespace msgr;
using msgr::test::awaitCondition;

namespace {

QStringList filesIn(const QString &dir) {
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(it.next());
    return out;
}

//! A peer device that exists only as keys in a store of its own (no client runs for it):
//! enough for the sender's store to open a secret chat with it.
struct PeerDevice {
    QTemporaryDir dir;
    storage::ProfileStore store;
    static constexpr qint64 kUserId = 900'001;
    static constexpr qint64 kDeviceId = 77;

    bool open() {
        if (!test::openStore(store, dir.path()))
            return false;
        test::saveAccount(store,
                          {kUserId, kDeviceId, QStringLiteral("peer"), QStringLiteral("token"), 0});
        return true;
    }
    template <typename Job> auto write(Job job) {
        using T = std::decay_t<std::invoke_result_t<Job &, storage::WriteTransaction &>>;
        return test::await<T>(
            [&](QObject *ctx, auto done) { store.writeReturning(job, ctx, std::move(done)); });
    }
    //! Its bundle as the server hands it out, with its lowest one-time pre-key.
    QByteArray bundle() {
        const QByteArray published = write([](storage::WriteTransaction &tx) {
                                         return core::secret::prepareKeys(tx, kDeviceId, 1'000);
                                     }).bundle;
        const QList<protocol::api::SecretPreKey> keys = write(
            [](storage::WriteTransaction &tx) { return core::secret::addOneTimePreKeys(tx, 2); });
        crypto::secret::Result<crypto::secret::PreKeyBundle> decoded =
            crypto::secret::decodePreKeyBundle(published);
        if (!decoded.ok() || keys.isEmpty())
            return {};
        decoded->oneTimePreKey =
            crypto::secret::PublicOneTimePreKey{quint32(keys.first().id), keys.first().publicKey};
        return crypto::secret::encodePreKeyBundle(decoded.value());
    }
};

} // namespace

class TstSecretFileSender : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void aSealEndedBeforeTheManagerLoadedIsNotSealedAgain();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void TstSecretFileSender::initTestCase() {
    qRegisterMetaType<storage::ChangeSet>();
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
}

void TstSecretFileSender::aSealEndedBeforeTheManagerLoadedIsNotSealedAgain() {
    QTemporaryDir dir, files;
    QVERIFY(dir.isValid() && files.isValid());
    test::ClientApp alice(dir.path(), m_server->wsUrl(), QStringLiteral("tst_secret_file_sender"));
    alice.start();
    alice.engine->signUp(QStringLiteral("sfs_alice"), QStringLiteral("password123"),
                         QStringLiteral("Alice"));
    awaitCondition([&] { return alice.userId > 0 && alice.syncs > 0; }, "alice signed up");
    const std::optional<storage::AccountState> account = test::account(alice.store);
    QVERIFY(account);

    // Alice's store opens a secret chat with the peer's keys.
    PeerDevice peer;
    QVERIFY(peer.open());
    const QByteArray peerBundle = peer.bundle();
    QVERIFY(!peerBundle.isEmpty());
    const core::secret::StartedChat started =
        test::await<core::secret::StartedChat>([&](QObject *ctx, auto done) {
            alice.store.writeReturning(
                [deviceId = account->deviceId, peerBundle](storage::WriteTransaction &tx) {
                    (void)core::secret::prepareKeys(tx, deviceId, 1'000);
                    return core::secret::startChat(tx, PeerDevice::kUserId, PeerDevice::kDeviceId,
                                                   peerBundle, 2'000);
                },
                ctx, std::move(done));
        });
    QVERIFY(started.chatId < 0);

    // Several lanes, two sending at once: the app's default is one upload that follows the
    // seal (tst_cli_secret_files runs it); this keeps the lanes of a growing file tested too.
    core::UploadSettings lanes;
    lanes.partSize = qint64(1) << 20;
    lanes.parallelMinBytes = qint64(1) << 20;
    lanes.parallelParts = 2;
    lanes.growingLanes = 4;
    test::ClientMedia media(alice, dir.path(), m_server->wsUrl(), lanes);
    QSignalSpy loaded(media.service.uploads(), &core::UploadManager::loaded);
    QVERIFY(loaded.wait(30'000)); // the real one: nothing stored to resume yet
    core::SecretFileSender *sender = media.sender.secretFiles();
    QSignalSpy refused(sender, &core::SecretFileSender::refused);
    QSignalSpy sent(sender, &core::SecretFileSender::fileSent);
    QSignalSpy ended(sender, &core::SecretFileSender::sealEnded);

    const QString path = QDir(files.path()).filePath(QStringLiteral("report.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(test::distinctBytes(3 * 1024 * 1024 + 5, 777)) > 0);
    file.close();

    // The moment of the race, made exact: once the pending rows are stored and the seal has
    // started, the store is held (its next job waits), and the upload manager reports `loaded`
    // (resumeSeals reads the unsealed rows: behind the held job, so after the seal ended but
    // before its end is stored).
    std::promise<void> release;
    const std::shared_future<void> held = release.get_future().share();
    qint64 pendingId = 0;
    sender->send(started.chatId, QString(), {path}, [&](qint64 localId) {
        pendingId = localId;
        alice.store.write([held](storage::WriteTransaction &) { held.wait(); });
        emit media.service.uploads()->loaded();
    });
    const bool sealEnded = ended.wait(60'000);
    // Sealed whole; the user now changes the file. What is sent is what was sealed. (The store
    // is let go before any check: a failed one must not leave its thread waiting.)
    const bool changed = file.open(QIODevice::Append) &&
                         file.write("changed after it was sealed") > 0 && file.flush();
    file.close();
    release.set_value();
    QVERIFY(sealEnded);
    QVERIFY(changed);
    QVERIFY(pendingId != 0);

    awaitCondition([&] { return !sent.isEmpty() || !refused.isEmpty(); }, "the file message");
    QVERIFY2(refused.isEmpty(),
             refused.isEmpty() ? "" : qPrintable(refused.first().value(1).toString()));
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.first().first().toLongLong(), pendingId);
    QCOMPARE(ended.count(), 1); // one seal for the one upload
    // The message keeps its file and its key; the temporary ciphertext goes.
    const QList<storage::AttachmentRecord> attachments =
        test::read(alice.store, [pendingId](storage::ReadTransaction &tx) {
            return storage::AttachmentsTable::load(tx, pendingId);
        });
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.first().fileId.size(), 32);
    QVERIFY(test::read(alice.store,
                       [fileId = attachments.first().fileId](storage::ReadTransaction &tx) {
                           return storage::SecretAttachmentsTable::byFileId(tx, fileId).has_value();
                       }));
    awaitCondition(
        [&] { return filesIn(dir.filePath(QStringLiteral("secret-uploads"))).isEmpty(); },
        "the temporary ciphertext removed");
}

QTEST_GUILESS_MAIN(TstSecretFileSender)
#include "tst_secret_file_sender.moc"
