// Files before sending and albums in the viewer, through the real Main.qml over a real client
// signed in to the REAL msgr-server, at desktop size (the media issue's "UI" item):
// - files attached (as the file dialog hands them on) land in the preview above the composer,
//   each with its name, size and a picture's thumbnail; one removed with its ×, the text typed
//   is the caption, and Send sends ONE message: the peer (a protocol client) receives it with
//   the two files left and the caption;
// - an 11th file is refused with the reason shown, and Esc empties the preview;
// - a message of four photos from the peer: the viewer opens on the photo tapped, steps
//   1 → 2 → 3 → 4 with the arrow keys saying "n / N", and shows each photo's own bytes
//   (downloaded by attachment index as it is shown: each has its own size, checked on the
//   decoded image).
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/messages/message_list_model.h"
#include "protocol/api/api.h"
#include "storage/profile_store.h"
#include "tests/core/core_test_helpers.h"
#include "tests/integration/raw_http.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {
constexpr int kTimeoutMs = 30'000;
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kImageReady = 1; // Image.Ready

//! A picture of one colour as PNG bytes, `side` pixels square.
QByteArray pngOf(QColor colour, int side) {
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

//! The visible items named `name` among the delegates of `view` (a ListView), in x order.
QList<QQuickItem *> delegatesNamed(QQuickItem *view, const QString &name) {
    QList<QQuickItem *> found;
    auto *content = view ? view->property("contentItem").value<QQuickItem *>() : nullptr;
    if (!content)
        return found;
    for (QQuickItem *child : content->childItems())
        if (child->objectName() == name && child->isVisible())
            found.append(child);
    std::sort(found.begin(), found.end(),
              [](QQuickItem *a, QQuickItem *b) { return a->x() < b->x(); });
    return found;
}
} // namespace

class TstComposerAlbumUi : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_profile;
    QTemporaryDir m_files;
    TestClient m_bob;
    qint64 m_chatId = 0; // alice's private chat with bob
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    QQuickItem *page() const { return item(QStringLiteral("chatPage")); }
    QList<QQuickItem *> tiles() const {
        return delegatesNamed(item(QStringLiteral("composerFilesList")),
                              QStringLiteral("composerFile"));
    }
    static QString tileText(QQuickItem *tile, const QString &name) {
        QQuickItem *text = test::qml::visibleItem(tile, name);
        return text ? text->property("text").toString() : QStringLiteral("<none>");
    }
    core::MessageListModel *model() const {
        QQuickItem *p = page();
        QQuickItem *view = p ? p->findChild<QQuickItem *>(QStringLiteral("messageList")) : nullptr;
        return view ? qobject_cast<core::MessageListModel *>(
                          view->property("model").value<QObject *>())
                    : nullptr;
    }
    qint64 localIdWithText(const QString &text) const {
        core::MessageListModel *m = model();
        for (int row = 0; m && row < m->rowCount(); ++row)
            if (m->index(row).data(core::MessageListModel::TextRole).toString() == text)
                return m->index(row).data(core::MessageListModel::LocalIdRole).toLongLong();
        return 0;
    }
    QString writeFile(const QString &name, const QByteArray &bytes) {
        const QString path = m_files.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    //! The files as the attach dialog hands them on (ChatPage.attachFiles, its onAccepted).
    bool attach(const QStringList &paths) {
        QVariantList urls;
        for (const QString &path : paths)
            urls.append(QUrl::fromLocalFile(path));
        return QMetaObject::invokeMethod(page(), "attachFiles", Q_ARG(QVariant, urls));
    }
    //! Bob's finished upload of `bytes` (a PNG): its file id, or empty.
    QString bobUploads(const QByteArray &bytes) {
        const RawHeaders headers = {
            {"Tus-Resumable", "1.0.0"},
            {"Authorization", "Bearer " + m_bob.token().toLatin1()},
            {"Upload-Length", QByteArray::number(bytes.size())},
            {"Upload-Metadata", "filetype " + QByteArray("image/png").toBase64()},
            {"Content-Type", "application/offset+octet-stream"}};
        const RawHttpReply reply =
            rawHttp(quint16(m_server.httpUrl().port()), "POST", "/files", headers, bytes);
        if (reply.status != 201)
            return {};
        return QString::fromLatin1(reply.header("Location").mid(7));
    }
    //! The messages of the chat as Bob's device reads them from the server.
    QList<protocol::Message> bobsHistory() {
        const auto history = m_bob.call(api::GetHistory{m_chatId, 0, 50});
        return history.ok() ? history.value->messages : QList<protocol::Message>{};
    }
    QString viewerCounter() const {
        QQuickItem *counter = item(QStringLiteral("viewerCounter"));
        return counter ? counter->property("text").toString() : QStringLiteral("<none>");
    }
    //! The viewer shows the decoded photo of `side` pixels (each of the album's has its own).
    bool viewerShowsPhotoOfSide(int side) const {
        QQuickItem *image = item(QStringLiteral("viewerImage"));
        return image && image->property("status").toInt() == kImageReady &&
               image->property("implicitWidth").toInt() == side &&
               image->property("implicitHeight").toInt() == side;
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QVERIFY(m_server.start());
        QVERIFY(m_bob.connectTo(m_server.wsUrl()));
        QVERIFY(!m_bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());

        // Alice signs up from a protocol client whose session the app then takes over; her
        // private chat with Bob exists before the app starts.
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        const auto chat = alice.call(api::OpenPrivateChat{m_bob.userId()});
        MSGR_VERIFY_OK(chat);
        m_chatId = chat.value->chat.id;
        m_client = test::qml::takeOverSession(alice, QStringLiteral("alice"), m_server.wsUrl(),
                                              m_profile.path(), kTimeoutMs);
        QVERIFY2(m_client, "the app took the session over and signed in");
        QVERIFY(m_shell.show(QSize(1280, 800)));
        m_window = m_shell.window();
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatList")), kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window = nullptr;
        m_shell.reset();
        m_client.reset();
    }

    void attachedFilesAreSentAsOneMessageWithTheCaption() {
        const QString red = writeFile(QStringLiteral("red.png"), pngOf(Qt::red, 200));
        const QString green = writeFile(QStringLiteral("green.png"), pngOf(Qt::green, 220));
        const QByteArray notes("meeting notes\n");
        const QString text = writeFile(QStringLiteral("notes.txt"), notes);
        QVERIFY(!red.isEmpty() && !green.isEmpty() && !text.isEmpty());
        test::qml::openChatFromList(m_window, m_chatId, kTimeoutMs);
        QVERIFY(!item(QStringLiteral("composerFilesBar"))); // nothing attached yet

        // Three files picked: three tiles, nothing sent yet.
        QVERIFY(attach({red, green, text}));
        QTRY_COMPARE_WITH_TIMEOUT(tiles().size(), 3, kTimeoutMs);
        QCOMPARE(tileText(tiles()[0], QStringLiteral("composerFileName")),
                 QStringLiteral("red.png"));
        QCOMPARE(tileText(tiles()[2], QStringLiteral("composerFileName")),
                 QStringLiteral("notes.txt"));
        // Described off the GUI thread: the sizes, and the pictures' thumbnails decoded.
        QTRY_COMPARE_WITH_TIMEOUT(tileText(tiles()[2], QStringLiteral("composerFileSize")),
                                  QLocale().formattedDataSize(notes.size()), kTimeoutMs);
        for (int i : {0, 1}) {
            QTRY_VERIFY_WITH_TIMEOUT(
                test::qml::visibleItem(tiles()[i], QStringLiteral("composerFileThumbnail")),
                kTimeoutMs);
            QQuickItem *thumbnail =
                test::qml::visibleItem(tiles()[i], QStringLiteral("composerFileThumbnail"));
            QTRY_COMPARE_WITH_TIMEOUT(thumbnail->property("status").toInt(), kImageReady,
                                      kTimeoutMs);
        }
        QVERIFY(!test::qml::visibleItem(tiles()[2], QStringLiteral("composerFileThumbnail")));
        QVERIFY(localIdWithText(QStringLiteral("two files")) == 0);

        // The green picture removed with its ×.
        QQuickItem *remove =
            test::qml::visibleItem(tiles()[1], QStringLiteral("composerFileRemove"));
        QVERIFY(remove && QMetaObject::invokeMethod(remove, "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(tiles().size(), 2, kTimeoutMs);
        QCOMPARE(tileText(tiles()[0], QStringLiteral("composerFileName")),
                 QStringLiteral("red.png"));
        QCOMPARE(tileText(tiles()[1], QStringLiteral("composerFileName")),
                 QStringLiteral("notes.txt"));

        // The caption typed, Send pressed: the preview empties and ONE pending message shows.
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->setProperty("text", QStringLiteral("two files"));
        QQuickItem *send = item(QStringLiteral("sendButton"));
        QVERIFY(send && send->isEnabled());
        QVERIFY(QMetaObject::invokeMethod(send, "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("composerFilesBar")), kTimeoutMs);
        QCOMPARE(input->property("text").toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(localIdWithText(QStringLiteral("two files")) != 0, kTimeoutMs);
        {
            core::MessageListModel *m = model();
            const int row = m->jumpTo(localIdWithText(QStringLiteral("two files")));
            QVERIFY(row >= 0);
            const QModelIndex index = m->index(row);
            QCOMPARE(index.data(core::MessageListModel::AttachmentNameRole).toString(),
                     QStringLiteral("red.png"));
            QCOMPARE(index.data(core::MessageListModel::MoreAttachmentsRole).toList().size(), 1);
        }

        // Bob receives one message: the two files and the caption.
        QList<protocol::Message> received;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                received.clear();
                for (const protocol::Message &message : bobsHistory())
                    if (!message.attachments.isEmpty())
                        received.append(message);
                return !received.isEmpty();
            }(),
            kTimeoutMs);
        QCOMPARE(received.size(), 1);
        QCOMPARE(received[0].text, QStringLiteral("two files"));
        QCOMPARE(received[0].attachments.size(), 2);
        QCOMPARE(received[0].attachments[0].name, QStringLiteral("red.png"));
        QVERIFY(received[0].attachments[0].kind == protocol::AttachmentKind::Photo);
        QCOMPARE(received[0].attachments[1].name, QStringLiteral("notes.txt"));
        QCOMPARE(received[0].attachments[1].size, qint64(notes.size()));
    }

    void anEleventhFileIsRefusedAndEscEmptiesThePreview() {
        test::qml::openChatFromList(m_window, m_chatId, kTimeoutMs);
        QStringList paths;
        for (int i = 1; i <= 11; ++i) {
            paths.append(writeFile(QStringLiteral("file%1.txt").arg(i), QByteArray(i, 'x')));
            QVERIFY(!paths.last().isEmpty());
        }
        QVERIFY(attach(paths));
        QTRY_COMPARE_WITH_TIMEOUT(tiles().size(), 10, kTimeoutMs);
        QQuickItem *refusal = item(QStringLiteral("composerFilesRefusal"));
        QVERIFY(refusal);
        const QString reason = refusal->property("text").toString();
        QVERIFY2(reason.contains(QLatin1String("10")) &&
                     reason.contains(QLatin1String("file11.txt")),
                 qPrintable(reason));
        // A 12th picked later is refused too: the list holds 10.
        QVERIFY(attach({paths.first()}));
        QCOMPARE(tiles().size(), 10);

        // Esc in the composer: the preview is emptied, nothing was sent.
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        QTRY_VERIFY_WITH_TIMEOUT(input->hasActiveFocus(), kTimeoutMs);
        QTest::keyClick(m_window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("composerFilesBar")), kTimeoutMs);
        QVERIFY(page()); // the chat stays open: Esc was the preview's

        // A file that went away before it was described: not listed, and the reason shown.
        QVERIFY(attach({m_files.filePath(QStringLiteral("gone.png"))}));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("composerFilesRefusal")) &&
                                     item(QStringLiteral("composerFilesRefusal"))
                                         ->property("text")
                                         .toString()
                                         .contains(QLatin1String("gone.png")),
                                 kTimeoutMs);
        QCOMPARE(tiles().size(), 0);
        QVERIFY(!item(QStringLiteral("sendButton")) ||
                !item(QStringLiteral("sendButton"))->isEnabled());
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("composerFilesClear")), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("composerFilesBar")), kTimeoutMs);
        int withFiles = 0;
        for (const protocol::Message &message : bobsHistory())
            withFiles += message.attachments.isEmpty() ? 0 : 1;
        QCOMPARE(withFiles, 1); // only the first test's message
    }

    void theViewerStepsThroughAnAlbum() {
        // Bob sends one message of four photos, each of its own size and colour.
        const QList<int> sides = {300, 320, 340, 360};
        const QList<QColor> colours = {Qt::red, Qt::darkGreen, Qt::blue, Qt::darkYellow};
        api::SendMessage message;
        message.chatId = m_chatId;
        message.randomId = 4242;
        message.text = QStringLiteral("album");
        for (int i = 0; i < sides.size(); ++i) {
            const QByteArray bytes = pngOf(colours[i], sides[i]);
            protocol::Attachment a;
            a.fileId = bobUploads(bytes);
            QVERIFY(protocol::isFileId(a.fileId));
            a.kind = protocol::AttachmentKind::Photo;
            a.size = bytes.size();
            a.mime = QStringLiteral("image/png");
            a.name = QStringLiteral("photo%1.png").arg(i + 1);
            a.width = sides[i];
            a.height = sides[i];
            a.thumbnail = pngOf(colours[i], 24);
            message.attachments.append(a);
        }
        MSGR_VERIFY_OK(m_bob.call(message));

        test::qml::openChatFromList(m_window, m_chatId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(localIdWithText(QStringLiteral("album")) != 0, kTimeoutMs);
        const qint64 album = localIdWithText(QStringLiteral("album"));
        QQuickItem *view = page()->findChild<QQuickItem *>(QStringLiteral("messageList"));
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::delegateWith(view, "localId", album), kTimeoutMs);
        QQuickItem *row = test::qml::delegateWith(view, "localId", album);
        // The first photo is fetched as its bubble is shown; a tap on it opens the viewer.
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::visibleItem(row, QStringLiteral("photoFull")) &&
                                     test::qml::visibleItem(row, QStringLiteral("photoFull"))
                                             ->property("status")
                                             .toInt() == kImageReady,
                                 kTimeoutMs);
        QQuickItem *first = test::qml::visibleItem(row, QStringLiteral("photoFull"));
        QTest::mouseClick(
            m_window, Qt::LeftButton, {},
            first->mapToScene(QPointF(first->width() / 2, first->height() / 2)).toPoint());
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("viewerImage")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(viewerCounter(), QStringLiteral("1 / 4"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(viewerShowsPhotoOfSide(sides[0]), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("viewerPrevious")));

        // → shows the next photo, downloaded as it is shown: its own bytes, not the last one's.
        for (int i = 1; i < sides.size(); ++i) {
            QTest::keyClick(m_window, Qt::Key_Right);
            QTRY_COMPARE_WITH_TIMEOUT(viewerCounter(), QStringLiteral("%1 / 4").arg(i + 1),
                                      kTimeoutMs);
            QTRY_VERIFY_WITH_TIMEOUT(viewerShowsPhotoOfSide(sides[i]), kTimeoutMs);
        }
        QVERIFY(!item(QStringLiteral("viewerNext"))); // the last one
        QTest::keyClick(m_window, Qt::Key_Right);
        QCOMPARE(viewerCounter(), QStringLiteral("4 / 4"));
        // ← goes back (the photo is in the cache now: at once).
        QTest::keyClick(m_window, Qt::Key_Left);
        QTRY_COMPARE_WITH_TIMEOUT(viewerCounter(), QStringLiteral("3 / 4"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(viewerShowsPhotoOfSide(sides[2]), kTimeoutMs);
        QTest::keyClick(m_window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("viewerImage")), kTimeoutMs);

        // A tap on the album's second photo, under the first: the viewer opens on it.
        QQuickItem *second = test::qml::visibleItem(row, QStringLiteral("morePicture"));
        QVERIFY(second);
        QTest::mouseClick(
            m_window, Qt::LeftButton, {},
            second->mapToScene(QPointF(second->width() / 2, second->height() / 2)).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(viewerCounter(), QStringLiteral("2 / 4"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(viewerShowsPhotoOfSide(sides[1]), kTimeoutMs);
        QTest::keyClick(m_window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("viewerImage")), kTimeoutMs);
    }
};

QTEST_MAIN(TstComposerAlbumUi)
#include "tst_composer_album_ui.moc"
