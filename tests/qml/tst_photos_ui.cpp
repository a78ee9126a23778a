// Photos through the real Main.qml over a real client signed in to the REAL msgr-server
// (docs/protocol.md §24), at desktop size: with a private chat open, the header's avatar shows
// the peer's new photo as soon as the peer sets it (told by userPhotoChanged, no profile page
// opened) and the letters again when it is removed; My profile's "Set photo" (the picked file,
// as the file dialog hands it on) shows the photo on the page's avatar, and "Remove photo" brings
// the letters back and hides itself.
#include "app/client_root.h"
#include "core/account/session.h"
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
#include <QImage>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {
constexpr int kTimeoutMs = 30'000;
const QString kPassword = QStringLiteral("correct horse battery");

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
} // namespace

class TstPhotosUi : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_profile;
    QTemporaryDir m_files;
    TestClient m_bob;
    qint64 m_aliceId = 0;
    qint64 m_chatId = 0; // alice's private chat with bob
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! The `showsPhoto` of the visible Avatar named `name` (false when none is shown).
    bool showsPhoto(const QString &name) const {
        QQuickItem *avatar = item(name);
        return avatar && avatar->property("showsPhoto").toBool();
    }
    QQuickItem *headerAvatar() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page ? test::qml::visibleItem(page, QStringLiteral("headerAvatar")) : nullptr;
    }
    bool headerShowsPhoto() const {
        QQuickItem *avatar = headerAvatar();
        return avatar && avatar->property("showsPhoto").toBool();
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
        m_aliceId = alice.userId();
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

    void theOpenChatsHeaderFollowsThePeersPhoto() {
        test::qml::openChatFromList(m_window, m_chatId, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(headerAvatar(), kTimeoutMs);
        QVERIFY(!headerShowsPhoto());

        // Bob sets a photo: Alice's open chat shows it, without her opening his profile.
        const QString id = bobUploads(pngOf(Qt::darkGreen, 320));
        QVERIFY(protocol::isFileId(id));
        MSGR_VERIFY_OK(
            m_bob.call(api::SetProfilePhoto{protocol::Photo{id, pngOf(Qt::darkGreen, 32)}}));
        QTRY_VERIFY_WITH_TIMEOUT(headerShowsPhoto(), kTimeoutMs);

        // He removes it: the letters again.
        MSGR_VERIFY_OK(m_bob.call(api::SetProfilePhoto{protocol::Photo{}}));
        QTRY_VERIFY_WITH_TIMEOUT(!headerShowsPhoto(), kTimeoutMs);
        test::qml::closeOpenChat(m_window, kTimeoutMs);
    }

    void myProfileSetsAndRemovesThePhoto() {
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("menuButton")), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("myProfileMenuItem")), kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("myProfileMenuItem")), "triggered"));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("myProfilePhotoButtons")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("myProfileAvatar")), kTimeoutMs);
        QVERIFY(!showsPhoto(QStringLiteral("myProfileAvatar")));
        QVERIFY(item(QStringLiteral("setPhotoButton")));
        QVERIFY(!item(QStringLiteral("removePhotoButton"))); // nothing to remove yet

        // The picture the user picks, as the file dialog hands it on (Set photo → the dialog's
        // accepted file; a native dialog cannot be driven here).
        const QString path = m_files.filePath(QStringLiteral("me.png"));
        QFile picture(path);
        QVERIFY(picture.open(QIODevice::WriteOnly));
        picture.write(pngOf(Qt::darkRed, 700));
        picture.close();
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("myProfilePhotoButtons")),
                                          "photoChosen", Q_ARG(QUrl, QUrl::fromLocalFile(path))));
        QTRY_VERIFY_WITH_TIMEOUT(showsPhoto(QStringLiteral("myProfileAvatar")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("removePhotoButton")), kTimeoutMs);

        // Remove photo: the letters, and the button goes.
        QVERIFY(QMetaObject::invokeMethod(item(QStringLiteral("removePhotoButton")), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(!showsPhoto(QStringLiteral("myProfileAvatar")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("removePhotoButton")), kTimeoutMs);
        QObject *popup = m_window->findChild<QObject *>(QStringLiteral("myProfilePopup"));
        QVERIFY(popup && QMetaObject::invokeMethod(popup, "close"));
    }
};

QTEST_MAIN(TstPhotosUi)
#include "tst_photos_ui.moc"
