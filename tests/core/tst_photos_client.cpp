// Profile and group photos on the client (issue 10, docs/protocol.md §24), against the REAL
// msgr-server: a user sets a profile photo through the client core (the picked picture made
// square, uploaded, profiles.setPhoto) and the other user's client stores its id, lists it on
// the private chat (told by the server's userPhotoChanged, before any profile page asks) and gets
// the decoded photo and thumbnail from the "image://avatar" provider;
// removing it brings the letters back. A group admin's photo reaches a member's client with the
// photoChanged service message. A picture that does not decode is refused before any upload,
// and bytes that do not decode give the provider's error (the Avatar's letters).
#include "client_app.h"
#include "client_media.h"
#include "core/chats/chat_list_model.h"
#include "core/contacts/profile_model.h"
#include "core/photos/avatar_images.h"
#include "core/photos/photo_changer.h"
#include "core/photos/photo_decoding.h"
#include "core/photos/photo_preparation.h"
#include "core_test_helpers.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/photos_table.h"
#include "tests/support/server_process.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickImageResponse>
#include <QQuickTextureFactory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using test::awaitCondition;

namespace {

const QString kPassword = QStringLiteral("password123");

bool signUp(test::ClientApp &app, const QString &name) {
    app.start();
    app.engine->signUp(name, kPassword, name);
    return QTest::qWaitFor([&] { return app.syncs > 0 && app.userId > 0; }, 20'000);
}

//! A picture a user might pick: wider than tall, so the square crop matters.
QString writePicture(const QString &dir, QColor colour) {
    QImage image(900, 600, QImage::Format_RGB32);
    image.fill(colour);
    const QString path = QDir(dir).filePath(QStringLiteral("picked-%1.png").arg(colour.name()));
    return image.save(path, "PNG") ? path : QString();
}

//! Runs one PhotoChanger call and returns its error ("" when the server took it).
QString change(core::PhotoChanger &changer, const std::function<void()> &start) {
    QSignalSpy finished(&changer, &core::PhotoChanger::finished);
    start();
    if (finished.isEmpty() && !finished.wait(60'000))
        return QStringLiteral("no answer");
    return finished.first().first().toString();
}

//! What the "image://avatar" provider answers for `url`, as QML's Image would get it.
QImage imageAt(const QString &url, QString *error = nullptr) {
    const QString prefix = QStringLiteral("image://avatar/");
    if (!url.startsWith(prefix))
        return {};
    core::AvatarImageProvider provider;
    std::unique_ptr<QQuickImageResponse> response(
        provider.requestImageResponse(url.mid(prefix.size()), QSize(48, 48)));
    QSignalSpy finished(response.get(), &QQuickImageResponse::finished);
    if (!finished.wait(60'000))
        return {};
    if (error)
        *error = response->errorString();
    std::unique_ptr<QQuickTextureFactory> texture(response->textureFactory());
    return texture ? texture->image() : QImage();
}

storage::PhotoRecord userPhotoOn(storage::ProfileStore &store, qint64 userId) {
    return test::read(store, [userId](storage::ReadTransaction &tx) {
        return storage::PhotosTable::load(tx, storage::PhotoSubject::User, userId);
    });
}

QString chatPhotoOn(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        const auto chat = storage::ChatsTable::load(tx, chatId);
        return chat ? chat->photoFileId : QString();
    });
}

QString photoUrlInList(const core::ChatListModel &list, qint64 chatId) {
    return list.photoUrlOf(double(chatId));
}

//! What a QML Image (as Avatar.qml has) reaches for `url`: its status once it settles.
int qmlImageStatus(const QString &url) {
    QQmlEngine engine;
    core::AvatarImages::installInto(&engine);
    QQmlComponent component(&engine);
    component.setData(QByteArrayLiteral("import QtQuick\nImage { asynchronous: true; "
                                        "sourceSize.width: 64; sourceSize.height: 64 }"),
                      QUrl());
    std::unique_ptr<QObject> image(component.create());
    if (!image)
        return -1;
    image->setProperty("source", QUrl(url));
    // Settled: not Null (0) nor Loading (2).
    if (!QTest::qWaitFor([&] { return image->property("status").toInt() % 2 == 1; }, 60'000))
        return -1;
    return image->property("status").toInt();
}

//! A channel call through the engine, answered.
core::ChannelOutcome channelCall(const std::function<void(QObject *, core::ChannelDone)> &call) {
    std::optional<core::ChannelOutcome> outcome;
    QObject receiver;
    call(&receiver, [&outcome](const core::ChannelOutcome &o) { outcome = o; });
    awaitCondition([&] { return outcome.has_value(); }, "the channel call answered");
    return *outcome;
}

} // namespace

class TstPhotosClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void profilePhotoReachesTheOtherClient();
    void groupPhotoReachesTheMember();
    void channelPhotoReachesTheSubscriber();
    void picturesAreMadeSquareWithASmallThumbnail();
    void undecodableBytesGiveNoImage();

private:
    std::unique_ptr<ServerProcess> m_server;
};

void TstPhotosClient::initTestCase() {
    qRegisterMetaType<storage::ChangeSet>();
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
}

void TstPhotosClient::profilePhotoReachesTheOtherClient() {
    QTemporaryDir dirA, dirB, files;
    const QString picture = writePicture(files.path(), Qt::red);
    QVERIFY(!picture.isEmpty());
    test::ClientApp bob(dirB.path(), m_server->wsUrl(), QStringLiteral("tst_photos_b"));
    QVERIFY(signUp(bob, QStringLiteral("ph_bob")));
    test::ClientApp alice(dirA.path(), m_server->wsUrl(), QStringLiteral("tst_photos_a"));
    const qint64 chatId =
        alice.signUpAndOpenChat(QStringLiteral("ph_alice"), kPassword, bob.userId);
    QVERIFY(chatId > 0);
    test::ClientMedia mediaA(alice, dirA.path(), m_server->wsUrl());
    test::ClientMedia mediaB(bob, dirB.path(), m_server->wsUrl());
    awaitCondition([&] { return mediaA.service.isStarted() && mediaB.service.isStarted(); },
                   "the transfers started");
    // Alice's second device, to follow her own profile's log.
    QTemporaryDir dirA2;
    test::ClientApp tablet(dirA2.path(), m_server->wsUrl(), QStringLiteral("tst_photos_a2"));
    tablet.start();
    tablet.engine->logIn(QStringLiteral("ph_alice"), kPassword);
    awaitCondition([&] { return tablet.userId == alice.userId && tablet.syncs > 0; },
                   "alice's second device signed in");

    // Bob has the chat with her (before any photo, so nothing he reads later explains it).
    bob.engine->openPrivateChat(alice.userId);
    awaitCondition([&] { return bob.openedChat == chatId; }, "bob's chat with alice");

    // Alice sets her photo through the client core.
    core::PhotoChanger changer;
    QCOMPARE(change(changer,
                    [&] {
                        changer.set(alice.engine, &mediaA.service, core::PhotoTarget::Profile, 0,
                                    QUrl::fromLocalFile(picture));
                    }),
             QString());
    const storage::PhotoRecord mine = userPhotoOn(alice.store, alice.userId);
    QVERIFY(!mine.isNone());
    QVERIFY(!mine.thumbnail.isEmpty());
    QVERIFY(mine.thumbnail.size() <= core::kMaxPhotoThumbnailBytes);
    // Her other device stores it from her log's profileChanged.
    awaitCondition([&] { return userPhotoOn(tablet.store, alice.userId) == mine; },
                   "alice's second device has her photo");
    // The prepared copy is gone once uploaded.
    QVERIFY(QDir(mediaA.service.cacheDir() + QStringLiteral("/outgoing-photos"))
                .entryList(QDir::Files)
                .isEmpty());

    // Bob's client is told (userPhotoChanged, §24.4) without opening her profile: the photo
    // id is stored and the chat list shows it.
    core::ChatListModel listB(bob.context.get());
    listB.load();
    awaitCondition([&] { return userPhotoOn(bob.store, alice.userId) == mine; },
                   "bob's client has alice's photo without asking");
    awaitCondition([&] { return !photoUrlInList(listB, chatId).isEmpty(); },
                   "the chat list shows alice's photo at once");
    // Her profile page (profiles.get) says the same.
    core::ProfileModel profileB;
    profileB.setContext(bob.context.get());
    profileB.setUserId(double(alice.userId));
    awaitCondition([&] { return !profileB.photoUrl().isEmpty(); }, "alice's photo on bob's page");
    QCOMPARE(userPhotoOn(bob.store, alice.userId), mine);
    awaitCondition([&] { return !photoUrlInList(listB, chatId).isEmpty(); },
                   "the chat list shows alice's photo");
    const QString url = profileB.photoUrl();
    QCOMPARE(photoUrlInList(listB, chatId), url);

    // The provider gives a decoded, round photo (not letters): downloaded, then from the cache.
    QString error;
    const QImage photo = imageAt(url, &error);
    QVERIFY2(!photo.isNull(), qPrintable(error));
    QCOMPARE(photo.width(), photo.height());
    const QColor centre = photo.pixelColor(photo.width() / 2, photo.height() / 2);
    QVERIFY(centre.red() > 200 && centre.green() < 60 && centre.blue() < 60);
    QCOMPARE(photo.pixelColor(0, 0).alpha(), 0); // outside the circle
    const QImage thumbnail = imageAt(url + QStringLiteral("/thumb"), &error);
    QVERIFY2(!thumbnail.isNull(), qPrintable(error));
    // And a QML Image, as the Avatar shows it, gets it through the engine's provider.
    QCOMPARE(qmlImageStatus(url), 1); // Image.Ready

    // She removes it: back to letters on Bob's client.
    QCOMPARE(change(changer, [&] { changer.remove(alice.engine, core::PhotoTarget::Profile, 0); }),
             QString());
    QVERIFY(userPhotoOn(alice.store, alice.userId).isNone());
    awaitCondition([&] { return userPhotoOn(tablet.store, alice.userId).isNone(); },
                   "alice's second device drops her photo");
    // Bob's client drops it as told, before any page reads her profile again.
    awaitCondition([&] { return userPhotoOn(bob.store, alice.userId).isNone(); },
                   "bob's client drops alice's photo");
    awaitCondition([&] { return photoUrlInList(listB, chatId).isEmpty(); },
                   "the chat list shows letters");
    profileB.reload();
    awaitCondition([&] { return profileB.photoUrl().isEmpty(); }, "bob's page shows letters");
}

void TstPhotosClient::groupPhotoReachesTheMember() {
    QTemporaryDir dirA, dirB, dirC, files;
    const QString picture = writePicture(files.path(), Qt::blue);
    QVERIFY(!picture.isEmpty());
    test::ClientApp owner(dirA.path(), m_server->wsUrl(), QStringLiteral("tst_photos_o"));
    test::ClientApp member(dirB.path(), m_server->wsUrl(), QStringLiteral("tst_photos_m"));
    QVERIFY(signUp(owner, QStringLiteral("ph_owner")));
    QVERIFY(signUp(member, QStringLiteral("ph_member")));
    std::optional<core::GroupOutcome> created;
    QObject receiver;
    owner.engine->groupCall(
        api::CreateGroup{0x5eed'0000'0a10, QStringLiteral("Photos"), {member.userId}}, &receiver,
        [&](const core::GroupOutcome &o) { created = o; });
    awaitCondition([&] { return created.has_value(); }, "the group created");
    QVERIFY(created->ok());
    const qint64 chatId = created->chatId;
    test::ClientMedia mediaA(owner, dirA.path(), m_server->wsUrl());
    test::ClientMedia mediaB(member, dirB.path(), m_server->wsUrl());
    awaitCondition([&] { return mediaA.service.isStarted() && mediaB.service.isStarted(); },
                   "the transfers started");

    // A member may not change it: refused before anything is stored.
    core::PhotoChanger memberChanger;
    QVERIFY(!change(memberChanger, [&] {
                 memberChanger.set(member.engine, &mediaB.service, core::PhotoTarget::Group, chatId,
                                   QUrl::fromLocalFile(picture));
             }).isEmpty());
    QVERIFY(chatPhotoOn(member.store, chatId).isEmpty());

    core::PhotoChanger changer;
    QCOMPARE(change(changer,
                    [&] {
                        changer.set(owner.engine, &mediaA.service, core::PhotoTarget::Group, chatId,
                                    QUrl::fromLocalFile(picture));
                    }),
             QString());
    const QString fileId = chatPhotoOn(owner.store, chatId);
    QVERIFY(!fileId.isEmpty());
    // The member's client follows through its log: the chat's photo and the service message.
    awaitCondition([&] { return chatPhotoOn(member.store, chatId) == fileId; },
                   "the member's client has the group photo");
    awaitCondition(
        [&] {
            for (const storage::MessageRecord &m : test::messages(member.store, chatId))
                if (m.actionKind == storage::ActionKind::PhotoChanged && m.actionTitle == fileId)
                    return true;
            return false;
        },
        "the photoChanged service message");
    core::ChatListModel listB(member.context.get());
    listB.load();
    awaitCondition([&] { return !photoUrlInList(listB, chatId).isEmpty(); },
                   "the member's chat list shows the photo");
    QString error;
    const QImage photo = imageAt(photoUrlInList(listB, chatId), &error);
    QVERIFY2(!photo.isNull(), qPrintable(error));
    const QColor centre = photo.pixelColor(photo.width() / 2, photo.height() / 2);
    QVERIFY(centre.blue() > 200 && centre.red() < 60);

    // Removed: letters again on the member's client.
    QCOMPARE(
        change(changer, [&] { changer.remove(owner.engine, core::PhotoTarget::Group, chatId); }),
        QString());
    awaitCondition([&] { return chatPhotoOn(member.store, chatId).isEmpty(); },
                   "the member's client drops the photo");
}

void TstPhotosClient::channelPhotoReachesTheSubscriber() {
    QTemporaryDir dirA, dirB, files;
    const QString picture = writePicture(files.path(), Qt::green);
    QVERIFY(!picture.isEmpty());
    test::ClientApp owner(dirA.path(), m_server->wsUrl(), QStringLiteral("tst_photos_co"));
    test::ClientApp reader(dirB.path(), m_server->wsUrl(), QStringLiteral("tst_photos_cr"));
    QVERIFY(signUp(owner, QStringLiteral("ph_chowner")));
    QVERIFY(signUp(reader, QStringLiteral("ph_reader")));
    const core::ChannelOutcome created = channelCall([&](QObject *ctx, auto done) {
        owner.engine->createChannel(QStringLiteral("News"), QString(), QStringLiteral("ph_news"),
                                    ctx, done);
    });
    QVERIFY2(created.code.isEmpty(), qPrintable(created.message));
    QCOMPARE(created.channels.size(), 1);
    const qint64 channelId = created.channels.first().id;
    const core::ChannelOutcome subscribed = channelCall(
        [&](QObject *ctx, auto done) { reader.engine->subscribeChannel(channelId, ctx, done); });
    QVERIFY2(subscribed.code.isEmpty(), qPrintable(subscribed.message));
    test::ClientMedia mediaA(owner, dirA.path(), m_server->wsUrl());
    test::ClientMedia mediaB(reader, dirB.path(), m_server->wsUrl());
    awaitCondition([&] { return mediaA.service.isStarted() && mediaB.service.isStarted(); },
                   "the transfers started");

    core::PhotoChanger changer;
    QCOMPARE(change(changer,
                    [&] {
                        changer.set(owner.engine, &mediaA.service, core::PhotoTarget::Channel,
                                    channelId, QUrl::fromLocalFile(picture));
                    }),
             QString());
    const QString fileId = chatPhotoOn(owner.store, channelId);
    QVERIFY(!fileId.isEmpty());
    // The subscriber's channel synchroniser follows its log's channelChanged.
    awaitCondition([&] { return chatPhotoOn(reader.store, channelId) == fileId; },
                   "the subscriber's client has the channel photo");
    core::ChatListModel listB(reader.context.get());
    listB.load();
    awaitCondition([&] { return !photoUrlInList(listB, channelId).isEmpty(); },
                   "the subscriber's chat list shows the photo");
    QString error;
    const QImage photo = imageAt(photoUrlInList(listB, channelId), &error);
    QVERIFY2(!photo.isNull(), qPrintable(error));
}

void TstPhotosClient::picturesAreMadeSquareWithASmallThumbnail() {
    QImage noisy(2000, 1200, QImage::Format_RGB32);
    quint32 x = 7;
    for (int row = 0; row < noisy.height(); ++row)
        for (int col = 0; col < noisy.width(); ++col) {
            x = x * 1664525u + 1013904223u;
            noisy.setPixel(col, row, x >> 8);
        }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(noisy.save(&buffer, "PNG"));
    QString error;
    const auto prepared = core::preparePhotoFrom(png, &error);
    QVERIFY2(prepared, qPrintable(error));
    const QImage photo = QImage::fromData(prepared->jpeg, "JPEG");
    QCOMPARE(photo.size(), QSize(core::kPhotoSide, core::kPhotoSide));
    // Noise compresses worst: the thumbnail still fits the server's cap.
    QVERIFY(!prepared->thumbnail.isEmpty());
    QVERIFY(prepared->thumbnail.size() <= core::kMaxPhotoThumbnailBytes);
    QCOMPARE(QImage::fromData(prepared->thumbnail, "JPEG").size(),
             QSize(core::kPhotoThumbnailSide, core::kPhotoThumbnailSide));
    // Not a picture: refused with a reason, nothing to upload.
    QVERIFY(!core::preparePhotoFrom(QByteArray("not a picture at all"), &error));
    QVERIFY(!error.isEmpty());
}

void TstPhotosClient::undecodableBytesGiveNoImage() {
    QVERIFY(core::decodePhoto(QByteArray("\xff\xd8\xff garbage", 12)).isNull());
    QVERIFY(core::decodePhoto({}).isNull());
    // A header that claims a huge canvas is refused before its pixels are allocated.
    QImage wide(core::kMaxPhotoDecodeSide + 1, 1, QImage::Format_RGB32);
    wide.fill(Qt::white);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(wide.save(&buffer, "PNG"));
    QVERIFY(core::decodePhoto(png).isNull());
    QImage small(10, 10, QImage::Format_RGB32);
    small.fill(Qt::green);
    QByteArray ok;
    QBuffer okBuffer(&ok);
    okBuffer.open(QIODevice::WriteOnly);
    QVERIFY(small.save(&okBuffer, "PNG"));
    QCOMPARE(core::decodePhoto(ok).size(), QSize(10, 10));
}

QTEST_MAIN(TstPhotosClient)
#include "tst_photos_client.moc"
