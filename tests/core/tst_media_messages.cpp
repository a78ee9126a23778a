// Messages with files (issue 8 items 3-4 on the client), against the REAL msgr-server: a photo
// sent by one client (its thumbnail and dimensions made on the device, the message shown at once
// as pending with its upload's progress, sent once the upload finished) arrives with its
// attachment in the other client's model and stays there after that client restarts; the
// chat list names it "Photo". An app restart in the middle of an upload (held at an exact byte
// by the counting relay) resumes it and sends the message exactly once; cancelling a pending
// message removes it and its upload. The received photo downloads into the encrypted cache and
// reads back decrypted in memory. An upload that failed mid-way (its file went away) resumes,
// once the file is back and the bubble's retry is pressed, from where it stopped.
#include "client_app.h"
#include "client_media.h"
#include "core/chats/chat_list_model.h"
#include "core/media/attachment_description.h"
#include "core/media/media_service.h"
#include "core/messages/attachment_sender.h"
#include "core/messages/message_list_model.h"
#include "core/messages/thumbnail_blur.h"
#include "core/messages/thumbnail_images.h"
#include "core_test_helpers.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/uploads_table.h"
#include "tests/core/counting_relay.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using msgr::core::MessageListModel;
using msgr::test::awaitCondition;

namespace {

const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_media_messages")) {}
};

core::UploadSettings smallParts() {
    core::UploadSettings s;
    s.partSize = 64 * 1024;
    s.progressIntervalMs = 20;
    s.maxRetryDelayMs = 300;
    return s;
}

//! The app's media parts with this suite's small upload parts.
struct Media : test::ClientMedia {
    Media(ClientApp &app, const QString &profileDir, const QUrl &mediaUrl)
        : test::ClientMedia(app, profileDir, mediaUrl, smallParts()) {}
};

QVariant roleAt(const MessageListModel &model, int row, MessageListModel::Role role) {
    return model.data(model.index(row), role);
}

int rowWithAttachment(const MessageListModel &model) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (roleAt(model, row, MessageListModel::HasAttachmentRole).toBool())
            return row;
    return -1;
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes) {
    const QString path = QDir(dir).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QString writePhoto(const QString &dir, int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x % 256, y % 256, (x * y) % 256));
    const QString path = QDir(dir).filePath(QStringLiteral("photo.png"));
    return image.save(path, "PNG") ? path : QString();
}

//! The thumbnail the model hands QML, decoded as the image provider does (from memory).
QImage thumbnailAt(const MessageListModel &model, int row) {
    const QString url = roleAt(model, row, MessageListModel::ThumbnailRole).toString();
    const QString prefix = QStringLiteral("image://msgr-thumbnail/");
    if (!url.startsWith(prefix))
        return {};
    core::ThumbnailImageProvider provider;
    QSize size;
    return provider.requestImage(url.mid(prefix.size()), &size, {});
}

int countWithAttachments(storage::ProfileStore &store, qint64 chatId) {
    int n = 0;
    for (const storage::MessageRecord &m : test::messages(store, chatId))
        n += m.attachments.isEmpty() ? 0 : 1;
    return n;
}

} // namespace

class TstMediaMessages : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void photoArrivesWithThumbnailAndSurvivesRestart();
    void restartMidUploadSendsOnce();
    void cancelRemovesThePendingMessage();
    void retryResumesAFailedUpload();
    void blurredPreviewIsSmallAndSoft();
    void describesFilesOffTheGuiThread();
    void aFileSentAsAReplyQuotesTheMessage();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void TstMediaMessages::initTestCase() {
    qRegisterMetaType<storage::ChangeSet>();
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
}

void TstMediaMessages::photoArrivesWithThumbnailAndSurvivesRestart() {
    QTemporaryDir dirA, dirB, files;
    const QString photo = writePhoto(files.path(), 640, 480);
    QVERIFY(!photo.isEmpty());
    const QString nameB = QStringLiteral("mm_bob");
    qint64 chatA = 0, chatB = 0, bobId = 0;
    {
        auto bob = std::make_unique<ClientApp>(dirB.path(), m_server->wsUrl());
        bob->start();
        bob->engine->signUp(nameB, kPassword, nameB);
        awaitCondition([&] { return bob->userId > 0 && bob->syncs > 0; }, "bob signed up");
        bobId = bob->userId;
        ClientApp alice(dirA.path(), m_server->wsUrl());
        chatA = alice.signUpAndOpenChat(QStringLiteral("mm_alice"), kPassword, bobId);
        QVERIFY(chatA > 0);
        Media media(alice, dirA.path(), m_server->wsUrl());
        MessageListModel modelA(alice.context.get());
        modelA.setChatId(chatA);

        modelA.sendFiles(QStringLiteral("look"), {QUrl::fromLocalFile(photo)});
        // Shown at once as pending, with its thumbnail made on the device.
        awaitCondition([&] { return rowWithAttachment(modelA) >= 0; }, "the pending photo");
        const int row = rowWithAttachment(modelA);
        QCOMPARE(roleAt(modelA, row, MessageListModel::AttachmentKindRole).toString(),
                 QStringLiteral("photo"));
        QCOMPARE(roleAt(modelA, row, MessageListModel::AttachmentWidthRole).toInt(), 640);
        QCOMPARE(roleAt(modelA, row, MessageListModel::AttachmentHeightRole).toInt(), 480);
        // Its upload under way, or (a small file on a busy machine) already done and the message
        // about to go: never a pending photo with neither.
        QVERIFY(!roleAt(modelA, row, MessageListModel::TransferStateRole).toString().isEmpty() ||
                !roleAt(modelA, row, MessageListModel::FileIdRole).toString().isEmpty());
        const QImage mine = thumbnailAt(modelA, row);
        QVERIFY(!mine.isNull());
        QVERIFY(qMax(mine.width(), mine.height()) <= core::kThumbnailSide);
        const qint64 localId = roleAt(modelA, row, MessageListModel::LocalIdRole).toLongLong();
        awaitCondition([&] { return alice.sent.contains(localId); }, "the photo message sent");
        QVERIFY(!roleAt(modelA, rowWithAttachment(modelA), MessageListModel::FileIdRole)
                     .toString()
                     .isEmpty());

        // Bob receives it with its attachment, thumbnail and dimensions.
        bob->engine->openPrivateChat(alice.userId);
        awaitCondition([&] { return bob->openedChat > 0; }, "bob's chat");
        chatB = bob->openedChat;
        QCOMPARE(chatB, chatA);
        MessageListModel modelB(bob->context.get());
        modelB.setChatId(chatB);
        awaitCondition([&] { return rowWithAttachment(modelB) >= 0; }, "bob sees the photo");
        const int rowB = rowWithAttachment(modelB);
        QCOMPARE(roleAt(modelB, rowB, MessageListModel::AttachmentKindRole).toString(),
                 QStringLiteral("photo"));
        QCOMPARE(roleAt(modelB, rowB, MessageListModel::AttachmentNameRole).toString(),
                 QStringLiteral("photo.png"));
        QCOMPARE(roleAt(modelB, rowB, MessageListModel::AttachmentSizeRole).toLongLong(),
                 QFileInfo(photo).size());
        QCOMPARE(roleAt(modelB, rowB, MessageListModel::TextRole).toString(),
                 QStringLiteral("look"));
        QVERIFY(!thumbnailAt(modelB, rowB).isNull());
    }
    // Bob restarts (offline: the server is not needed to show what is stored).
    ClientApp bob(dirB.path(), QUrl(QStringLiteral("ws://127.0.0.1:1")));
    QVERIFY(bob.opened);
    QCOMPARE(countWithAttachments(bob.store, chatB), 1);
    MessageListModel modelB(bob.context.get());
    modelB.setChatId(chatB);
    awaitCondition([&] { return rowWithAttachment(modelB) >= 0; }, "the photo after a restart");
    const int rowB = rowWithAttachment(modelB);
    QCOMPARE(roleAt(modelB, rowB, MessageListModel::AttachmentKindRole).toString(),
             QStringLiteral("photo"));
    QVERIFY(!thumbnailAt(modelB, rowB).isNull());
    QCOMPARE(roleAt(modelB, rowB, MessageListModel::AttachmentWidthRole).toInt(), 640);
}

void TstMediaMessages::restartMidUploadSendsOnce() {
    QTemporaryDir dirA, dirB, files;
    constexpr qint64 kSize = 1024 * 1024;
    const QString path =
        writeFile(files.path(), QStringLiteral("report.bin"), test::distinctBytes(kSize, 777));
    QVERIFY(!path.isEmpty());
    test::CountingRelay relay(quint16(m_server->httpUrl().port()));
    QVERIFY(relay.listen());
    QUrl relayUrl = m_server->wsUrl();
    relayUrl.setPort(relay.port());

    ClientApp bob(dirB.path(), m_server->wsUrl());
    bob.start();
    bob.engine->signUp(QStringLiteral("mm_carol"), kPassword, QStringLiteral("carol"));
    awaitCondition([&] { return bob.userId > 0 && bob.syncs > 0; }, "carol signed up");
    qint64 chatId = 0;
    qint64 localId = 0;
    relay.pauseAt(kSize / 2);
    {
        ClientApp alice(dirA.path(), m_server->wsUrl());
        chatId = alice.signUpAndOpenChat(QStringLiteral("mm_dave"), kPassword, bob.userId);
        QVERIFY(chatId > 0);
        Media media(alice, dirA.path(), relayUrl);
        MessageListModel model(alice.context.get());
        model.setChatId(chatId);
        model.sendFiles(QString(), {QUrl::fromLocalFile(path)});
        awaitCondition([&] { return relay.isPaused(); }, "the upload held mid-way");
        const int row = rowWithAttachment(model);
        QVERIFY(row >= 0);
        localId = roleAt(model, row, MessageListModel::LocalIdRole).toLongLong();
        QCOMPARE(roleAt(model, row, MessageListModel::AttachmentKindRole).toString(),
                 QStringLiteral("file"));
        // Pending with the upload's progress.
        awaitCondition(
            [&] {
                return roleAt(model, rowWithAttachment(model),
                              MessageListModel::TransferProgressRole)
                           .toDouble() > 0;
            },
            "the upload's progress shows");
        QVERIFY(alice.sent.isEmpty());
        QVERIFY(roleAt(model, row, MessageListModel::FileIdRole).toString().isEmpty());
    } // the app quits mid-upload
    relay.dropAll();
    const qint64 before = relay.bodyBytes();
    QVERIFY(before < kSize);
    relay.resume();
    {
        ClientApp alice(dirA.path(), m_server->wsUrl());
        alice.start();
        Media media(alice, dirA.path(), relayUrl);
        awaitCondition([&] { return alice.sent.contains(localId); }, "sent after the restart");
        // The finished parts were not sent again: at most one part more than the file.
        QVERIFY2(relay.bodyBytes() <= kSize + smallParts().partSize,
                 qPrintable(QString::number(relay.bodyBytes())));
        test::flush(alice.store);
        QCOMPARE(test::outbox(alice.store).size(), 0);
    }
    awaitCondition([&] { return countWithAttachments(bob.store, chatId) >= 1; },
                   "carol receives the file");
    // Exactly once, with its file id and size.
    const QList<storage::MessageRecord> got = test::messages(bob.store, chatId);
    QCOMPARE(countWithAttachments(bob.store, chatId), 1);
    for (const storage::MessageRecord &m : got) {
        if (m.attachments.isEmpty())
            continue;
        QCOMPARE(m.attachments.first().size, kSize);
        QCOMPARE(m.attachments.first().name, QStringLiteral("report.bin"));
        QVERIFY(!m.attachments.first().fileId.isEmpty());
    }
    // The chat list names what the last message carries, as it has no text.
    core::ChatListModel chats(bob.context.get());
    chats.load();
    awaitCondition([&] { return chats.rowCount() > 0; }, "carol's chat list");
    QCOMPARE(chats.data(chats.index(0), core::ChatListModel::LastTextRole).toString(),
             QStringLiteral("File"));
}

void TstMediaMessages::cancelRemovesThePendingMessage() {
    QTemporaryDir dirA, files;
    const QString path =
        writeFile(files.path(), QStringLiteral("big.bin"), test::distinctBytes(512 * 1024, 777));
    test::CountingRelay relay(quint16(m_server->httpUrl().port()));
    QVERIFY(relay.listen());
    QUrl relayUrl = m_server->wsUrl();
    relayUrl.setPort(relay.port());
    relay.pauseAt(100 * 1024);
    ClientApp alice(dirA.path(), m_server->wsUrl());
    alice.start();
    alice.engine->signUp(QStringLiteral("mm_erin"), kPassword, QStringLiteral("erin"));
    awaitCondition([&] { return alice.userId > 0 && alice.syncs > 0; }, "erin signed up");
    // Saved Messages: the chat with oneself.
    alice.engine->openPrivateChat(alice.userId);
    awaitCondition([&] { return alice.openedChat > 0; }, "saved messages");
    Media media(alice, dirA.path(), relayUrl);
    MessageListModel model(alice.context.get());
    model.setChatId(alice.openedChat);
    model.sendFiles(QString(), {QUrl::fromLocalFile(path)});
    awaitCondition([&] { return relay.isPaused(); }, "the upload held mid-way");
    const qint64 localId =
        roleAt(model, rowWithAttachment(model), MessageListModel::LocalIdRole).toLongLong();
    model.cancelPending(localId);
    awaitCondition([&] { return rowWithAttachment(model) < 0; }, "the pending message goes");
    relay.resume();
    awaitCondition(
        [&] {
            return test::read(alice.store,
                              [](storage::ReadTransaction &tx) {
                                  return storage::UploadsTable::loadAll(tx);
                              })
                .isEmpty();
        },
        "its upload is cancelled");
    QCOMPARE(test::outbox(alice.store).size(), 0);
    QVERIFY(alice.sent.isEmpty());
}

void TstMediaMessages::retryResumesAFailedUpload() {
    QTemporaryDir dirA, dirB, files, away;
    constexpr qint64 kSize = 1024 * 1024;
    const QString path =
        writeFile(files.path(), QStringLiteral("film.bin"), test::distinctBytes(kSize, 777));
    QVERIFY(!path.isEmpty());
    const QString moved = QDir(away.path()).filePath(QStringLiteral("film.bin"));
    test::CountingRelay relay(quint16(m_server->httpUrl().port()));
    QVERIFY(relay.listen());
    QUrl relayUrl = m_server->wsUrl();
    relayUrl.setPort(relay.port());
    ClientApp bob(dirB.path(), m_server->wsUrl());
    bob.start();
    bob.engine->signUp(QStringLiteral("mm_rita"), kPassword, QStringLiteral("rita"));
    awaitCondition([&] { return bob.userId > 0 && bob.syncs > 0; }, "rita signed up");
    ClientApp alice(dirA.path(), m_server->wsUrl());
    const qint64 chatId = alice.signUpAndOpenChat(QStringLiteral("mm_sam"), kPassword, bob.userId);
    QVERIFY(chatId > 0);
    Media media(alice, dirA.path(), relayUrl);
    MessageListModel model(alice.context.get());
    model.setChatId(chatId);
    relay.pauseAt(kSize / 2);
    model.sendFiles(QString(), {QUrl::fromLocalFile(path)});
    awaitCondition([&] { return relay.isPaused(); }, "the upload held mid-way");
    const qint64 localId =
        roleAt(model, rowWithAttachment(model), MessageListModel::LocalIdRole).toLongLong();
    // The file goes away (its drive unplugged) while a part is on its way: the next part
    // cannot be read and the upload fails for good.
    QVERIFY(QFile::rename(path, moved));
    relay.resume();
    const auto state = [&] {
        return roleAt(model, rowWithAttachment(model), MessageListModel::TransferStateRole)
            .toString();
    };
    awaitCondition([&] { return state() == QStringLiteral("failed"); }, "the upload failed");
    const qint64 sentBeforeRetry = relay.bodyBytes();
    QVERIFY(sentBeforeRetry >= kSize / 2 && sentBeforeRetry < kSize);
    QVERIFY(alice.sent.isEmpty());
    // Back where it was (a rename keeps its time): the bubble's retry resumes it.
    QVERIFY(QFile::rename(moved, path));
    model.retryUpload(localId);
    awaitCondition([&] { return alice.sent.contains(localId); }, "sent after the retry");
    // From where it stopped: the first half was not sent again (one part may be).
    QVERIFY2(relay.bodyBytes() <= kSize + smallParts().partSize,
             qPrintable(QString::number(relay.bodyBytes())));
    awaitCondition([&] { return countWithAttachments(bob.store, chatId) >= 1; },
                   "rita receives the file");
    QCOMPARE(countWithAttachments(bob.store, chatId), 1);
}

void TstMediaMessages::blurredPreviewIsSmallAndSoft() {
    // A 96x48 thumbnail, black on the left and white on the right, as the provider's
    // "blur/" URL shows it.
    QImage sharp(96, 48, QImage::Format_RGB32);
    for (int y = 0; y < sharp.height(); ++y)
        for (int x = 0; x < sharp.width(); ++x)
            sharp.setPixel(x, y, x < sharp.width() / 2 ? qRgb(0, 0, 0) : qRgb(255, 255, 255));
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(sharp.save(&buffer, "PNG"));
    const QString url = core::ThumbnailImages::put(QStringLiteral("blur-test"), jpeg);
    const QString prefix = QStringLiteral("image://msgr-thumbnail/");
    core::ThumbnailImageProvider provider;
    QSize size;
    const QImage blurred = provider.requestImage(
        QLatin1String(core::kBlurredThumbnailPrefix) + url.mid(prefix.size()), &size, {});
    QCOMPARE(blurred.size(), QSize(core::kBlurredPreviewSide, core::kBlurredPreviewSide / 2));
    QCOMPARE(size, blurred.size());
    // The edge is a soft ramp; far from it the colours stay.
    const int middle = blurred.width() / 2;
    const int y = blurred.height() / 2;
    const int nearEdge = qGray(blurred.pixel(middle - 1, y));
    QVERIFY2(nearEdge > 40 && nearEdge < 215, qPrintable(QString::number(nearEdge)));
    QVERIFY(qGray(blurred.pixel(1, y)) < 10);
    QVERIFY(qGray(blurred.pixel(blurred.width() - 2, y)) > 245);
    // Without the prefix: the thumbnail itself, sharp.
    const QImage plain = provider.requestImage(url.mid(prefix.size()), &size, {});
    QCOMPARE(plain.size(), sharp.size());
    QCOMPARE(qGray(plain.pixel(sharp.width() / 2 - 1, y)), 0);
}

void TstMediaMessages::describesFilesOffTheGuiThread() {
    QTemporaryDir files;
    // Not an image despite its name: sent as a file, no thumbnail.
    const QString fake =
        writeFile(files.path(), QStringLiteral("fake.png"), test::distinctBytes(1000, 777));
    QString error;
    const auto draft = core::describeFileForSending(fake, &error);
    QVERIFY(draft);
    QCOMPARE(draft->attachment.kind, storage::AttachmentKind::File);
    QVERIFY(draft->attachment.thumbnail.isEmpty());
    // A photo: a small JPEG within the protocol's cap.
    const QString photo = writePhoto(files.path(), 1200, 300);
    const auto described = core::describeFileForSending(photo, &error);
    QVERIFY(described);
    QCOMPARE(described->attachment.kind, storage::AttachmentKind::Photo);
    QCOMPARE(described->attachment.width, 1200);
    QCOMPARE(described->attachment.height, 300);
    QVERIFY(described->attachment.thumbnail.size() <= 16 * 1024);
    QVERIFY(described->attachment.thumbnail.startsWith("\xff\xd8"));
    // A missing file is refused with a reason.
    QVERIFY(
        !core::describeFileForSending(QDir(files.path()).filePath(QStringLiteral("none")), &error));
    QVERIFY(!error.isEmpty());
}

void TstMediaMessages::aFileSentAsAReplyQuotesTheMessage() {
    QTemporaryDir dirA, files;
    const QString path = writeFile(files.path(), QStringLiteral("menu.bin"),
                                   test::distinctBytes(3 * smallParts().partSize, 777));
    QVERIFY(!path.isEmpty());
    TestClient bob;
    QVERIFY(bob.connectTo(m_server->wsUrl()));
    QVERIFY(!bob.signUp(QStringLiteral("mm_reply_bob"), kPassword).isEmpty());
    ClientApp alice(dirA.path(), m_server->wsUrl());
    const qint64 chat =
        alice.signUpAndOpenChat(QStringLiteral("mm_reply_alice"), kPassword, bob.userId());
    QVERIFY(chat > 0);
    const qint64 question = test::sendAs(bob, chat, QStringLiteral("the menu, please?"));
    QVERIFY(question > 0);
    const auto storedWithId = [&](qint64 id) {
        for (const storage::MessageRecord &m : test::messages(alice.store, chat))
            if (m.serverId == id)
                return true;
        return false;
    };
    awaitCondition([&] { return storedWithId(question); }, "bob's question stored");

    // Alice answers it with a file, as the reply bar and the attach button do.
    Media media(alice, dirA.path(), m_server->wsUrl());
    MessageListModel model(alice.context.get());
    model.setChatId(chat);
    model.sendFiles(QString(), {QUrl::fromLocalFile(path)}, double(question));
    awaitCondition([&] { return rowWithAttachment(model) >= 0; }, "the pending file");
    const int row = rowWithAttachment(model);
    // Quoted at once, before the upload is done.
    QCOMPARE(roleAt(model, row, MessageListModel::ReplyToIdRole).toLongLong(), question);
    QCOMPARE(roleAt(model, row, MessageListModel::ReplyExcerptRole).toString(),
             QStringLiteral("the menu, please?"));
    const qint64 localId = roleAt(model, row, MessageListModel::LocalIdRole).toLongLong();
    awaitCondition([&] { return alice.sent.contains(localId); }, "the file message sent");

    // The server's copy (its quote made from its own store) replaced the pending row.
    std::optional<storage::MessageRecord> sent;
    for (const storage::MessageRecord &m : test::messages(alice.store, chat))
        if (m.localId == localId && !m.pending)
            sent = m;
    QVERIFY(sent);
    QCOMPARE(sent->attachments.size(), 1);
    QCOMPARE(sent->replyToId, question);
    QCOMPARE(sent->replySenderId, bob.userId());
    QCOMPARE(sent->replyExcerpt, QStringLiteral("the menu, please?"));
}

QTEST_MAIN(TstMediaMessages)
#include "tst_media_messages.moc"
