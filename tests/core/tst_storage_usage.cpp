// Settings > Storage (issue 11) against the REAL msgr-server: files really sent and downloaded
// into the encrypted media cache are counted by kind (photo, file) to the byte of their cache
// files, the database apart; "Clear cache" deletes exactly those cache files, keeps the
// database and a file whose upload is still in progress (held mid-way by the counting relay,
// and finishing afterwards), shows the photo as not downloaded (never a broken image), and a
// later open downloads it again with the same bytes.
#include "client_app.h"
#include "client_media.h"
#include "core/media/media_service.h"
#include "core/media/storage_usage.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "storage/tables/downloads_table.h"
#include "tests/core/counting_relay.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/support/server_process.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using msgr::core::MessageListModel;
using msgr::test::awaitCondition;

namespace {

const QString kPassword = QStringLiteral("password123");

core::UploadSettings smallParts() {
    core::UploadSettings s;
    s.partSize = 64 * 1024;
    s.progressIntervalMs = 20;
    s.maxRetryDelayMs = 300;
    return s;
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes) {
    const QString path = QDir(dir).filePath(name);
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path : QString();
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString writePhoto(const QString &dir) {
    QImage image(320, 240, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x % 256, y % 256, (x ^ y) % 256));
    const QString path = QDir(dir).filePath(QStringLiteral("photo.png"));
    return image.save(path, "PNG") ? path : QString();
}

QVariant roleAt(const MessageListModel &model, qint64 localId, MessageListModel::Role role) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row), MessageListModel::LocalIdRole).toLongLong() == localId)
            return model.data(model.index(row), role);
    return {};
}

//! The local id of the message whose attachment is named `name`, or 0.
qint64 messageWith(const MessageListModel &model, const QString &name) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row), MessageListModel::AttachmentNameRole).toString() == name)
            return model.data(model.index(row), MessageListModel::LocalIdRole).toLongLong();
    return 0;
}

//! The size on disk of the cache file holding `fileId`'s download.
qint64 cacheFileSize(storage::ProfileStore &store, const QString &cacheDir, const QString &fileId) {
    const QList<storage::DownloadRecord> downloads = test::read(
        store, [](storage::ReadTransaction &tx) { return storage::DownloadsTable::loadAll(tx); });
    for (const storage::DownloadRecord &d : downloads)
        if (d.fileId == fileId)
            return QFileInfo(QDir(cacheDir).filePath(d.cacheName)).size();
    return -1;
}

core::StorageFigures measure(core::StorageUsage &usage) {
    QSignalSpy measured(&usage, &core::StorageUsage::figuresChanged);
    usage.refresh();
    if (!measured.wait(20'000))
        qWarning("no measurement came back");
    return usage.figures();
}

} // namespace

class TstStorageUsage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        m_server = std::make_unique<test::ServerProcess>();
        QVERIFY(m_server->start());
    }
    void countsClearsAndDownloadsAgain();
    void aDeletedMessagesCachedFileGoesWithItsLastMessage();

private:
    std::unique_ptr<test::ServerProcess> m_server;
};

void TstStorageUsage::countsClearsAndDownloadsAgain() {
    QTemporaryDir dirA, dirB, files;
    const QString photo = writePhoto(files.path());
    const QString notes =
        writeFile(files.path(), QStringLiteral("notes.bin"), test::distinctBytes(300'000, 1));
    constexpr qint64 kHeldSize = 1024 * 1024;
    const QString held =
        writeFile(files.path(), QStringLiteral("held.bin"), test::distinctBytes(kHeldSize, 2));
    QVERIFY(!photo.isEmpty() && !notes.isEmpty() && !held.isEmpty());
    test::CountingRelay relay(quint16(m_server->httpUrl().port()));
    QVERIFY(relay.listen());
    QUrl relayUrl = m_server->wsUrl();
    relayUrl.setPort(relay.port());

    test::ClientApp bob(dirB.path(), m_server->wsUrl(), QStringLiteral("tst_storage_usage"));
    bob.start();
    bob.engine->signUp(QStringLiteral("su_bob"), kPassword, QStringLiteral("bob"));
    awaitCondition([&] { return bob.userId > 0 && bob.syncs > 0; }, "bob signed up");
    test::ClientApp alice(dirA.path(), m_server->wsUrl(), QStringLiteral("tst_storage_usage"));
    const qint64 chatId =
        alice.signUpAndOpenChat(QStringLiteral("su_alice"), kPassword, bob.userId);
    QVERIFY(chatId > 0);
    test::ClientMedia media(alice, dirA.path(), relayUrl, smallParts());
    const QString cacheDir = media.service.cacheDir();
    MessageListModel model(alice.context.get());
    model.setChatId(chatId);

    // A photo and a file sent, then downloaded into the cache as a viewer opening them does.
    model.sendFiles(QString(), {QUrl::fromLocalFile(photo)});
    model.sendFiles(QString(), {QUrl::fromLocalFile(notes)});
    awaitCondition([&] { return alice.sent.size() >= 2; }, "both files sent");
    const qint64 photoMsg = messageWith(model, QStringLiteral("photo.png"));
    const qint64 notesMsg = messageWith(model, QStringLiteral("notes.bin"));
    QVERIFY(photoMsg != 0 && notesMsg != 0);
    awaitCondition(
        [&] {
            return !roleAt(model, photoMsg, MessageListModel::FileIdRole).toString().isEmpty() &&
                   !roleAt(model, notesMsg, MessageListModel::FileIdRole).toString().isEmpty();
        },
        "the file ids");
    const QString photoId = roleAt(model, photoMsg, MessageListModel::FileIdRole).toString();
    const QString notesId = roleAt(model, notesMsg, MessageListModel::FileIdRole).toString();
    model.download(photoMsg);
    model.download(notesMsg);
    const auto done = [&](qint64 localId) {
        return roleAt(model, localId, MessageListModel::TransferStateRole).toString() ==
               QLatin1String("done");
    };
    awaitCondition([&] { return done(photoMsg) && done(notesMsg); }, "both downloaded");

    // Counted by kind, to the byte of the real (encrypted) cache files; the database apart.
    core::StorageUsage &usage = *media.service.storage();
    core::StorageFigures before = measure(usage);
    const qint64 photoCache = cacheFileSize(alice.store, cacheDir, photoId);
    const qint64 notesCache = cacheFileSize(alice.store, cacheDir, notesId);
    QVERIFY(photoCache > QFileInfo(photo).size()); // sealed: the plaintext plus the overhead
    QVERIFY(notesCache > QFileInfo(notes).size());
    QCOMPARE(before.photoBytes, photoCache);
    QCOMPARE(before.fileBytes, notesCache);
    QCOMPARE(before.clearableFiles, 2);
    QVERIFY(before.databaseBytes >= QFileInfo(dirA.filePath(QStringLiteral("history.db"))).size());
    QVERIFY(before.databaseBytes > 0);
    QCOMPARE(before.totalBytes(), before.databaseBytes + photoCache + notesCache +
                                      before.otherBytes + before.uploadBytes);

    // A third file's upload held mid-way: in progress while the cache is cleared.
    relay.pauseAt(relay.bodyBytes() + kHeldSize / 2);
    model.sendFiles(QString(), {QUrl::fromLocalFile(held)});
    awaitCondition([&] { return relay.isPaused(); }, "the upload held mid-way");
    const qint64 heldMsg = messageWith(model, QStringLiteral("held.bin"));
    QVERIFY(heldMsg != 0);

    QSignalSpy cleared(&usage, &core::StorageUsage::cleared);
    usage.clearCache();
    QVERIFY(cleared.wait(20'000));
    QCOMPARE(cleared.first().at(0).toInt(), 2);
    QCOMPARE(cleared.first().at(1).toDouble(), double(photoCache + notesCache));
    QVERIFY(QDir(cacheDir).entryList(QDir::Files | QDir::Hidden).isEmpty());
    awaitCondition([&] { return usage.figures().clearableBytes() == 0 && !usage.busy(); },
                   "measured again after clearing");
    QVERIFY(usage.figures().databaseBytes > 0);
    QVERIFY(QFile::exists(dirA.filePath(QStringLiteral("history.db"))));
    QCOMPARE(readAll(held), test::distinctBytes(kHeldSize, 2));
    // Shown as not downloaded (the thumbnail and "download"), not as an image that is gone.
    awaitCondition(
        [&] {
            return roleAt(model, photoMsg, MessageListModel::TransferStateRole)
                .toString()
                .isEmpty();
        },
        "the photo shows as not downloaded");
    QVERIFY(roleAt(model, photoMsg, MessageListModel::ImageRole).toString().isEmpty());

    // The held upload goes on and is sent: the database and its upload survived the clearing.
    relay.resume();
    awaitCondition([&] { return alice.sent.contains(heldMsg); }, "the held file sent");

    // Opening the photo again downloads it again, with the same bytes.
    model.download(photoMsg);
    awaitCondition([&] { return done(photoMsg); }, "the photo downloaded again");
    QByteArray bytes;
    QString error = QStringLiteral("none yet");
    media.service.readIntoMemory(photoId, this, [&](const QByteArray &b, const QString &e) {
        bytes = b;
        error = e;
    });
    awaitCondition([&] { return error != QLatin1String("none yet"); }, "the photo read back");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(bytes, readAll(photo));
    QCOMPARE(measure(usage).photoBytes, cacheFileSize(alice.store, cacheDir, photoId));
}

// "Deleted" means gone from this device: the cached copy of a deleted message's file goes with
// it, but only once no other stored message (here a forwarded copy) still shows that file.
void TstStorageUsage::aDeletedMessagesCachedFileGoesWithItsLastMessage() {
    QTemporaryDir dirA, dirB, files;
    const QString notes =
        writeFile(files.path(), QStringLiteral("minutes.bin"), test::distinctBytes(200'000, 3));
    QVERIFY(!notes.isEmpty());
    test::ClientApp bob(dirB.path(), m_server->wsUrl(), QStringLiteral("tst_storage_usage"));
    bob.start();
    bob.engine->signUp(QStringLiteral("su_del_bob"), kPassword, QStringLiteral("bob"));
    awaitCondition([&] { return bob.userId > 0 && bob.syncs > 0; }, "bob signed up");
    test::ClientApp alice(dirA.path(), m_server->wsUrl(), QStringLiteral("tst_storage_usage"));
    const qint64 chatId =
        alice.signUpAndOpenChat(QStringLiteral("su_del_alice"), kPassword, bob.userId);
    QVERIFY(chatId > 0);
    test::ClientMedia media(alice, dirA.path(), m_server->wsUrl(), smallParts());
    const QString cacheDir = media.service.cacheDir();
    MessageListModel model(alice.context.get());
    model.setChatId(chatId);

    model.sendFiles(QString(), {QUrl::fromLocalFile(notes)});
    awaitCondition([&] { return !alice.sent.isEmpty(); }, "the file sent");
    const qint64 original = messageWith(model, QStringLiteral("minutes.bin"));
    QVERIFY(original != 0);
    const auto serverIdOf = [&](qint64 localId) {
        return roleAt(model, localId, MessageListModel::MessageIdRole).toLongLong();
    };
    awaitCondition([&] { return serverIdOf(original) > 0; }, "the server's id");
    const QString fileId = roleAt(model, original, MessageListModel::FileIdRole).toString();
    QVERIFY(!fileId.isEmpty());
    model.download(original);
    awaitCondition(
        [&] {
            return roleAt(model, original, MessageListModel::TransferStateRole).toString() ==
                   QLatin1String("done");
        },
        "downloaded into the cache");
    QVERIFY(cacheFileSize(alice.store, cacheDir, fileId) > 0);

    // A forwarded copy carries the same file.
    QObject receiver;
    QString error = QStringLiteral("not answered");
    alice.engine->forwardMessages(chatId, {serverIdOf(original)}, chatId, {0x5eed'0001}, &receiver,
                                  [&](const QString &e) { error = e; });
    awaitCondition([&] { return error.isEmpty(); }, "the forward answered");
    qint64 copy = 0;
    awaitCondition(
        [&] {
            for (int row = 0; row < model.rowCount(); ++row) {
                const QModelIndex at = model.index(row);
                const qint64 localId = model.data(at, MessageListModel::LocalIdRole).toLongLong();
                if (localId != original &&
                    model.data(at, MessageListModel::FileIdRole).toString() == fileId &&
                    model.data(at, MessageListModel::MessageIdRole).toLongLong() > 0)
                    copy = localId;
            }
            return copy != 0;
        },
        "the forwarded copy");
    const auto deleteForEveryone = [&](qint64 localId) {
        error = QStringLiteral("not answered");
        alice.engine->deleteMessages(chatId, {serverIdOf(localId)}, true, &receiver,
                                     [&](const QString &e) { error = e; });
        awaitCondition([&] { return error.isEmpty(); }, "the deletion answered");
        awaitCondition(
            [&] { return !roleAt(model, localId, MessageListModel::LocalIdRole).isValid(); },
            "the message gone from the chat");
    };

    // The original deleted: the copy still shows the file, so its cached copy stays. (A
    // measurement runs on the transfer thread after anything the deletion queued there.)
    deleteForEveryone(original);
    measure(*media.service.storage());
    QVERIFY(cacheFileSize(alice.store, cacheDir, fileId) > 0);

    // The copy deleted too: the cache file and its row go.
    deleteForEveryone(copy);
    awaitCondition([&] { return cacheFileSize(alice.store, cacheDir, fileId) == -1; },
                   "the download's row gone");
    QVERIFY(QDir(cacheDir).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

QTEST_MAIN(TstStorageUsage)
#include "tst_storage_usage.moc"
