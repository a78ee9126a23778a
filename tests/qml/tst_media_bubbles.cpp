// Photo and file bubbles (issue 8 item 6) through the real Main.qml over a real client
// (ClientRoot, with its media service), at desktop and phone sizes: what a user sees of a
// received photo (its inline thumbnail, decoded from memory), a received file (its name and
// size, a download button), and a file of ours still uploading (the pending bubble with its
// progress bar and cancel button); the chat list says "File" for a last message without text.
// Cancelling the pending message removes its bubble.
// A second chat holds hundreds of voice messages and videos, as a long chat does: scrolled
// through, its bubbles hold no media player until play is pressed (then exactly one); a video
// shows its first frame (blurred) before it is played; a photo's thumbnail is the blurred
// preview; a pending file whose upload failed (its file went away) shows retry and cancel, and
// retry, once the file is back, sets it moving again.
//
// No server: the stored session signs in offline; the upload cannot reach anyone and retries.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/messages/message_list_model.h"
#include "core/sync/sync_writes.h"
#include "protocol/limits.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/uploads_table.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace msgr;
using core::MessageListModel;
using core::Session;

namespace {

constexpr qint64 kSelfId = 1;
constexpr qint64 kPeerId = 2;
constexpr qint64 kChatId = 20;
constexpr qint64 kMediaChatId = 21;
constexpr int kMediaMessages = 300;
constexpr qint64 kAlbumId = 5000;
constexpr qint64 kPhotoId = 1;
constexpr qint64 kFileId = 2;
constexpr qint64 kFileBytes = 2'500'000;
constexpr int kTimeoutMs = 20'000;
const QSize kDesktop(1000, 700);
const QSize kPhone(390, 844);
constexpr int kTwoPaneBreakpoint = 720; // Theme.twoPaneBreakpoint

QByteArray jpegThumbnail() {
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(QColor(200, 120, 40));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 60);
    return bytes;
}

protocol::Attachment attachment(protocol::AttachmentKind kind, const QString &name, qint64 size) {
    protocol::Attachment a;
    a.fileId = QString(protocol::kFileIdChars,
                       QLatin1Char(kind == protocol::AttachmentKind::Photo ? 'a' : 'b'));
    a.kind = kind;
    a.size = size;
    a.name = name;
    return a;
}

} // namespace

class TstMediaBubbles : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    QTemporaryDir m_files;
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_root;
    QQuickWindow *m_window = nullptr;
    qint64 m_pendingLocalId = 0;
    qint64 m_failedLocalId = 0;
    QString m_failedPath;
    qint64 m_failedMtimeMs = 0;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    QQuickItem *page() const { return item(QStringLiteral("chatPage")); }
    QQuickItem *view() const {
        QQuickItem *p = page();
        return p ? p->findChild<QQuickItem *>(QStringLiteral("messageList")) : nullptr;
    }
    MessageListModel *model() const {
        QQuickItem *v = view();
        return v ? qobject_cast<MessageListModel *>(v->property("model").value<QObject *>())
                 : nullptr;
    }
    //! The visible item `name` inside the delegate of the message with this local id.
    QQuickItem *inDelegate(qint64 localId, const QString &name) const {
        QQuickItem *v = view();
        if (!v)
            return nullptr;
        QQuickItem *delegate = test::qml::delegateWith(v, "localId", localId);
        return delegate ? test::qml::visibleItem(delegate, name) : nullptr;
    }
    qint64 localIdOf(qint64 serverId) const {
        MessageListModel *m = model();
        for (int row = 0; m && row < m->rowCount(); ++row)
            if (m->index(row).data(MessageListModel::MessageIdRole).toLongLong() == serverId)
                return m->index(row).data(MessageListModel::LocalIdRole).toLongLong();
        return 0;
    }

    void resize(const QSize &size) {
        m_window->resize(size);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->size(), size, kTimeoutMs);
        const bool phone = size.width() < kTwoPaneBreakpoint;
        QTRY_VERIFY_WITH_TIMEOUT(item(phone ? QStringLiteral("stack") : QStringLiteral("twoPanes")),
                                 kTimeoutMs);
    }

    void openChat(qint64 chatId = kChatId, int minRows = 3) {
        if (QQuickItem *p = page()) {
            QVERIFY(QMetaObject::invokeMethod(p, "back"));
            QTRY_VERIFY_WITH_TIMEOUT(!page() || !page()->isVisible(), kTimeoutMs);
        }
        QQuickItem *list = item(QStringLiteral("chatList"));
        QVERIFY(list);
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::delegateWith(list, "chatId", chatId), kTimeoutMs);
        QVERIFY(
            QMetaObject::invokeMethod(test::qml::delegateWith(list, "chatId", chatId), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(
            model() && model()->chatId() == chatId && model()->rowCount() >= minRows, kTimeoutMs);
        if (QQuickItem *stack = item(QStringLiteral("stack")))
            QTRY_VERIFY_WITH_TIMEOUT(!stack->property("busy").toBool(), kTimeoutMs);
    }

    //! Media players anywhere in the window's items (a QML MediaPlayer is a QObject child of
    //! the item it is declared in).
    int playerCount() const {
        int count = 0;
        const std::function<void(QQuickItem *)> visit = [&](QQuickItem *item) {
            for (QObject *child : item->children())
                count += child->inherits("QMediaPlayer") ? 1 : 0;
            for (QQuickItem *child : item->childItems())
                visit(child);
        };
        visit(m_window->contentItem());
        return count;
    }

    //! What the user sees of each bubble, at the window's current size.
    void verifyBubbles() {
        openChat();
        const qint64 photo = localIdOf(kPhotoId);
        const qint64 file = localIdOf(kFileId);
        QVERIFY(photo > 0 && file > 0);
        // The received photo: its thumbnail, decoded from memory, fills the bubble.
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(photo, QStringLiteral("photoThumbnail")), kTimeoutMs);
        QQuickItem *thumbnail = inDelegate(photo, QStringLiteral("photoThumbnail"));
        QTRY_COMPARE_WITH_TIMEOUT(thumbnail->property("status").toInt(), 1 /* Image.Ready */,
                                  kTimeoutMs);
        QVERIFY(thumbnail->width() > 64); // scaled up: the blurred preview
        QVERIFY(thumbnail->property("source").toString().contains(QLatin1String("/blur/")));
        QVERIFY(thumbnail->height() > 0);
        // The received file: its name and size, and a download button.
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(file, QStringLiteral("fileName")), kTimeoutMs);
        QCOMPARE(inDelegate(file, QStringLiteral("fileName"))->property("text").toString(),
                 QStringLiteral("report.pdf"));
        QCOMPARE(inDelegate(file, QStringLiteral("fileSize"))->property("text").toString(),
                 QLocale().formattedDataSize(kFileBytes));
        QVERIFY(inDelegate(file, QStringLiteral("fileDownload")));
        QVERIFY(!inDelegate(file, QStringLiteral("fileProgress")));
        // Ours, uploading: the pending bubble with a progress bar and a cancel button.
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(m_pendingLocalId, QStringLiteral("fileProgress")),
                                 kTimeoutMs);
        QCOMPARE(
            inDelegate(m_pendingLocalId, QStringLiteral("fileName"))->property("text").toString(),
            QStringLiteral("notes.txt"));
        QVERIFY(inDelegate(m_pendingLocalId, QStringLiteral("fileCancel")));
        QVERIFY(!inDelegate(m_pendingLocalId, QStringLiteral("fileDownload")));
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        const QString notes = QDir(m_files.path()).filePath(QStringLiteral("notes.txt"));
        {
            QFile file(notes);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.write(QByteArray(300'000, 'n')) == 300'000);
        }
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed, {kSelfId, 1, QStringLiteral("self"), QStringLiteral("t"), 0});
            seed.write([](storage::WriteTransaction &tx) {
                storage::UsersTable::store(
                    tx, {{kPeerId, QStringLiteral("bob"), QStringLiteral("Bob")}});
            });
            const qint64 base = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
            protocol::Attachment photo =
                attachment(protocol::AttachmentKind::Photo, QStringLiteral("sunset.jpg"), 123'456);
            photo.width = 800;
            photo.height = 600;
            photo.thumbnail = jpegThumbnail();
            const protocol::Attachment file = attachment(protocol::AttachmentKind::File,
                                                         QStringLiteral("report.pdf"), kFileBytes);
            const QList<protocol::Update> updates{
                protocol::NewChatUpdate{
                    {kChatId, protocol::ChatKind::Private, {}, {kSelfId, kPeerId}, base}},
                protocol::NewMessageUpdate{
                    {kPhotoId, kChatId, kPeerId, base + 60'000, QString(), 0, {photo}}},
                protocol::NewMessageUpdate{
                    {kFileId, kChatId, kPeerId, base + 120'000, QString(), 0, {file}}}};
            qint64 pts = 0;
            QVERIFY(test::qml::applyUpdates(seed, updates, pts, kTimeoutMs));
            // A long chat of voice messages and videos (older than the first chat's).
            QList<protocol::Update> media{protocol::NewChatUpdate{
                {kMediaChatId, protocol::ChatKind::Private, {}, {kSelfId, kPeerId}, base}}};
            for (int i = 0; i < kMediaMessages; ++i) {
                const bool video = i % 3 == 0;
                protocol::Attachment a = attachment(
                    video ? protocol::AttachmentKind::Video : protocol::AttachmentKind::Voice,
                    video ? QStringLiteral("clip.ogv") : QStringLiteral("voice.ogg"), 50'000);
                a.durationMs = 4'000;
                if (video) {
                    a.width = 160;
                    a.height = 120;
                    a.thumbnail = jpegThumbnail();
                } else {
                    a.waveform = QByteArray(100, char(120));
                }
                media.append(protocol::NewMessageUpdate{{1000 + i,
                                                         kMediaChatId,
                                                         kPeerId,
                                                         base - 3'000'000 + i * 1'000,
                                                         QString(),
                                                         0,
                                                         {a}}});
            }
            // The newest of them: two photos and a file in one message.
            protocol::Attachment second = photo;
            second.name = QStringLiteral("beach.jpg");
            const protocol::Attachment third =
                attachment(protocol::AttachmentKind::File, QStringLiteral("plan.pdf"), 4'096);
            media.append(protocol::NewMessageUpdate{{kAlbumId,
                                                     kMediaChatId,
                                                     kPeerId,
                                                     base - 2'500'000,
                                                     QStringLiteral("trip"),
                                                     0,
                                                     {photo, second, third}}});
            QVERIFY(test::qml::applyUpdates(seed, media, pts, kTimeoutMs));
            // Ours, stored as the app stores it: the upload and the message waiting for it.
            m_pendingLocalId = test::await<qint64>([&](QObject *ctx, auto done) {
                seed.writeReturning(
                    [notes](storage::WriteTransaction &tx) {
                        storage::UploadRecord upload;
                        upload.localPath = notes;
                        upload.size = 300'000;
                        upload.fileName = QStringLiteral("notes.txt");
                        upload.mimeType = QStringLiteral("text/plain");
                        upload.mtimeMs = QFileInfo(notes).lastModified().toMSecsSinceEpoch();
                        upload.createdMs = QDateTime::currentMSecsSinceEpoch();
                        storage::AttachmentRecord a;
                        a.uploadId = storage::UploadsTable::insert(tx, upload);
                        a.size = upload.size;
                        a.name = upload.fileName;
                        a.mime = upload.mimeType;
                        return core::SyncWrites::enqueueOutgoing(
                                   tx, kChatId, kSelfId, QString(), 777,
                                   QDateTime::currentMSecsSinceEpoch(), {a})
                            .localId;
                    },
                    ctx, done);
            });
            QVERIFY(m_pendingLocalId > 0);
            // Ours in the long chat: a file whose upload fails at once (the file is gone).
            m_failedPath = QDir(m_files.path()).filePath(QStringLiteral("gone.txt"));
            m_failedMtimeMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 60'000;
            m_failedLocalId = test::await<qint64>([&](QObject *ctx, auto done) {
                seed.writeReturning(
                    [this, base](storage::WriteTransaction &tx) {
                        storage::UploadRecord upload;
                        upload.localPath = m_failedPath;
                        upload.size = 1000;
                        upload.fileName = QStringLiteral("gone.txt");
                        upload.mimeType = QStringLiteral("text/plain");
                        upload.mtimeMs = m_failedMtimeMs;
                        upload.createdMs = QDateTime::currentMSecsSinceEpoch();
                        storage::AttachmentRecord a;
                        a.uploadId = storage::UploadsTable::insert(tx, upload);
                        a.size = upload.size;
                        a.name = upload.fileName;
                        a.mime = upload.mimeType;
                        return core::SyncWrites::enqueueOutgoing(
                                   tx, kMediaChatId, kSelfId, QString(), 778, base - 2'000'000, {a})
                            .localId;
                    },
                    ctx, done);
            });
            QVERIFY(m_failedLocalId > 0);
        }

        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), Session::SignedIn, kTimeoutMs);

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_root.reset(main.create());
        QVERIFY2(m_root, qPrintable(main.errorString()));
        m_window = qobject_cast<QQuickWindow *>(m_root.get());
        QVERIFY(m_window);
        m_window->resize(kDesktop);
        m_window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
    }

    void cleanupTestCase() {
        m_root.reset();
        m_engine.reset();
        m_client.reset();
    }

    void chatListNamesTheAttachment() {
        core::ChatListModel *chats = m_client->session()->chats();
        QTRY_VERIFY_WITH_TIMEOUT(chats->rowCount() > 0, kTimeoutMs);
        QCOMPARE(chats->index(0).data(core::ChatListModel::LastTextRole).toString(),
                 QStringLiteral("File"));
    }

    void bubblesAtDesktopSize() {
        resize(kDesktop);
        verifyBubbles();
    }

    void bubblesAtPhoneSize() {
        resize(kPhone);
        verifyBubbles();
    }

    void aLongMediaChatHoldsNoPlayers() {
        resize(kDesktop);
        openChat(kMediaChatId, MessageListModel::kPageSize);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("mediaBubble")), kTimeoutMs);
        // Scrolled up through several pages: every bubble shown, none with a player.
        for (int page = 0; page < 3; ++page) {
            const int before = model()->rowCount();
            QVERIFY(QMetaObject::invokeMethod(view(), "positionViewAtBeginning"));
            QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() > before, kTimeoutMs);
            QCOMPARE(playerCount(), 0);
        }
        QVERIFY(model()->rowCount() > 3 * MessageListModel::kPageSize);
        QVERIFY(QMetaObject::invokeMethod(view(), "positionViewAtEnd"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("playButton")), kTimeoutMs);
        QCOMPARE(playerCount(), 0);
        // Play makes the one player it needs.
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("playButton")), "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(playerCount(), 1, kTimeoutMs);
    }

    void aVideoShowsItsFirstFrameBeforePlaying() {
        resize(kDesktop);
        openChat(kMediaChatId, MessageListModel::kPageSize);
        QVERIFY(QMetaObject::invokeMethod(view(), "positionViewAtEnd"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("videoPoster")), kTimeoutMs);
        QQuickItem *poster = item(QStringLiteral("videoPoster"));
        QTRY_COMPARE_WITH_TIMEOUT(poster->property("status").toInt(), 1 /* Image.Ready */,
                                  kTimeoutMs);
        QVERIFY(poster->property("source").toString().contains(QLatin1String("/blur/")));
        QVERIFY(poster->width() > 64 && poster->height() > 0); // scaled up over the bubble
    }

    void aMessageWithSeveralFilesShowsThemAll() {
        resize(kDesktop);
        openChat(kMediaChatId, MessageListModel::kPageSize);
        QVERIFY(QMetaObject::invokeMethod(view(), "positionViewAtEnd"));
        QTRY_VERIFY_WITH_TIMEOUT(localIdOf(kAlbumId) > 0, kTimeoutMs);
        const qint64 album = localIdOf(kAlbumId);
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(album, QStringLiteral("morePicture")), kTimeoutMs);
        // The first photo fills the bubble; the second is in the grid, the file listed.
        QVERIFY(inDelegate(album, QStringLiteral("photoThumbnail")));
        QQuickItem *picture = inDelegate(album, QStringLiteral("morePicture"));
        QTRY_COMPARE_WITH_TIMEOUT(picture->property("status").toInt(), 1 /* Image.Ready */,
                                  kTimeoutMs);
        QQuickItem *file = inDelegate(album, QStringLiteral("moreFile"));
        QVERIFY(file);
        QVERIFY(file->property("text").toString().startsWith(QLatin1String("plan.pdf")));
    }

    void aFailedUploadOffersRetry() {
        resize(kDesktop);
        openChat(kMediaChatId, MessageListModel::kPageSize);
        QVERIFY(QMetaObject::invokeMethod(view(), "positionViewAtEnd"));
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(m_failedLocalId, QStringLiteral("fileRetry")),
                                 kTimeoutMs);
        QVERIFY(inDelegate(m_failedLocalId, QStringLiteral("fileCancel")));
        // The file is back as it was: retry sets the upload moving (nobody answers here, so it
        // waits to try again), and the retry button goes.
        {
            QFile file(m_failedPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(QByteArray(1000, 'g')), 1000);
            QVERIFY(file.flush()); // before the time is set: a later write would move it
            QVERIFY(file.setFileTime(QDateTime::fromMSecsSinceEpoch(m_failedMtimeMs),
                                     QFileDevice::FileModificationTime));
        }
        QVERIFY(QMetaObject::invokeMethod(inDelegate(m_failedLocalId, QStringLiteral("fileRetry")),
                                          "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(!inDelegate(m_failedLocalId, QStringLiteral("fileRetry")),
                                 kTimeoutMs);
        QVERIFY(inDelegate(m_failedLocalId, QStringLiteral("fileProgress")));
        QVERIFY(inDelegate(m_failedLocalId, QStringLiteral("fileCancel")));
    }

    // Last: cancelling the pending message removes its bubble.
    void cancelRemovesThePendingBubble() {
        resize(kDesktop);
        openChat();
        QTRY_VERIFY_WITH_TIMEOUT(inDelegate(m_pendingLocalId, QStringLiteral("fileCancel")),
                                 kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(
            inDelegate(m_pendingLocalId, QStringLiteral("fileCancel")), "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), 2, kTimeoutMs);
        // No row's delegate shows it any more (a pooled delegate may keep its old values,
        // culled, so the rows are asked, not the view's children).
        const auto shown = [this] {
            for (int row = 0; row < model()->rowCount(); ++row) {
                QQuickItem *delegate = nullptr;
                QMetaObject::invokeMethod(view(), "itemAtIndex",
                                          Q_RETURN_ARG(QQuickItem *, delegate), Q_ARG(int, row));
                if (delegate &&
                    delegate->property("localId").toDouble() == double(m_pendingLocalId))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!shown(), kTimeoutMs);
    }
};

QTEST_MAIN(TstMediaBubbles)
#include "tst_media_bubbles.moc"
