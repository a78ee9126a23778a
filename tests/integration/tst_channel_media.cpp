// Files in channel posts (docs/protocol.md §15.8) against the REAL server: an admin posts a
// photo with a caption; a subscriber has it live and downloads the identical bytes; someone
// not subscribed to the private channel gets the 404 of a file that does not exist; anyone
// reads a public channel's files, as anyone reads its posts; a subscriber who is not an admin
// cannot post files; an edit of the caption keeps the files, in the answer and in the history
// a subscriber reads; a voice post keeps its duration and waveform.
#include "protocol/api/api.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/integration/tus_files.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

protocol::Attachment photoAttachment(const QString &fileId, qint64 size) {
    protocol::Attachment attachment;
    attachment.fileId = fileId;
    attachment.kind = protocol::AttachmentKind::Photo;
    attachment.size = size;
    attachment.mime = QStringLiteral("image/jpeg");
    attachment.name = QStringLiteral("harbour.jpg");
    attachment.width = 640;
    attachment.height = 480;
    return attachment;
}

//! The posts of `channelId` pushed live to a connection (`channelUpdate` with `newMessage`).
QList<protocol::Message> livePosts(const QList<protocol::UpdateFrame> &frames, qint64 channelId) {
    QList<protocol::Message> out;
    for (const auto &frame : updatesOfType(frames, L("channelUpdate"))) {
        const auto push = protocol::ChannelUpdatePush::fromCbor(frame.update);
        if (!push || push->channelId != channelId)
            continue;
        const auto update = protocol::updateFromCbor(push->update);
        if (const auto *post = update ? std::get_if<protocol::NewMessageUpdate>(&*update) : nullptr)
            out.append(post->message);
    }
    return out;
}
} // namespace

class TstChannelMedia : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void aPhotoPostReachesSubscribersByteForByte();
    void aPrivateChannelsFileIsRefusedToOthers();
    void aPublicChannelsFileOpensForItsReaders();
    void onlyTheStaffPostsFiles();
    void anEditKeepsThePostsFiles();
    void aVoicePostKeepsItsDurationAndWaveform();

private:
    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_private = 0; // alice owns it; bob subscribes; carol does not
    qint64 m_public = 0;  // alice owns it; nobody else subscribes
    qint64 m_randomId = 5000;
};

void TstChannelMedia::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = signedUpUser(m_server, QStringLiteral("alice"), kPassword);
    m_bob = signedUpUser(m_server, QStringLiteral("bob"), kPassword);
    m_carol = signedUpUser(m_server, QStringLiteral("carol"), kPassword);
    QVERIFY(m_alice && m_bob && m_carol);
    const auto made = m_alice->call(api::CreateChannel{1, QStringLiteral("Harbour news"), {}, {}});
    MSGR_VERIFY_OK(made);
    m_private = made.value->channel.id;
    MSGR_VERIFY_OK(m_alice->call(api::AddChannelSubscribers{m_private, {m_bob->userId()}}));
    const auto open = m_alice->call(api::CreateChannel{2, QStringLiteral("Harbour open"), QString(),
                                                       QStringLiteral("harbour")});
    MSGR_VERIFY_OK(open);
    m_public = open.value->channel.id;
    for (auto *c : {m_alice.get(), m_bob.get(), m_carol.get()})
        c->takeUpdates();
}

void TstChannelMedia::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstChannelMedia::aPhotoPostReachesSubscribersByteForByte() {
    const QByteArray bytes = distinctBytes(300'000, 21);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    QVERIFY(!fileId.isEmpty());
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status,
             404); // not posted anywhere he reads yet

    api::PostToChannel post{m_private, ++m_randomId, QStringLiteral("the new pier")};
    post.attachments = {photoAttachment(fileId, bytes.size())};
    const auto posted = m_alice->call(post);
    MSGR_VERIFY_OK(posted);
    QCOMPARE(posted.value->message.attachments, post.attachments);
    QCOMPARE(posted.value->message.text, QStringLiteral("the new pier"));

    // Bob, online, has the post live with its photo...
    QList<protocol::UpdateFrame> taken;
    QVERIFY(QTest::qWaitFor(
        [&] {
            taken += m_bob->takeUpdates();
            return !livePosts(taken, m_private).isEmpty();
        },
        10'000));
    const protocol::Message live = livePosts(taken, m_private).first();
    QCOMPARE(live.attachments, post.attachments);
    QCOMPARE(live.text, QStringLiteral("the new pier"));
    // ...and downloads exactly what alice uploaded.
    const RawHttpReply got = downloadFile(m_server, *m_bob, fileId);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.body, bytes);
    // A caption is optional: a photo alone is a post too.
    api::PostToChannel bare{m_private, ++m_randomId, QString()};
    bare.attachments = post.attachments;
    const auto alone = m_alice->call(bare);
    MSGR_VERIFY_OK(alone);
    QCOMPARE(alone.value->message.text, QString());
    // Neither text nor files is still refused.
    const auto empty = m_alice->call(api::PostToChannel{m_private, ++m_randomId, QString()});
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error.code, protocol::ErrorCode::BadRequest);
}

void TstChannelMedia::aPrivateChannelsFileIsRefusedToOthers() {
    const QByteArray bytes = distinctBytes(5000, 22);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    api::PostToChannel post{m_private, ++m_randomId, QStringLiteral("members only")};
    post.attachments = {photoAttachment(fileId, bytes.size())};
    MSGR_VERIFY_OK(m_alice->call(post));
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 200);
    // Carol is not subscribed: the answer of a file that does not exist.
    const RawHttpReply refused = downloadFile(m_server, *m_carol, fileId);
    const RawHttpReply unknown =
        downloadFile(m_server, *m_carol, QStringLiteral("0123456789abcdef0123456789abcdef"));
    QCOMPARE(refused.status, 404);
    QCOMPARE(refused.body, unknown.body);
    // Nor may she attach it anywhere (it is not shared with her).
    const auto direct = m_carol->call(api::OpenPrivateChat{m_alice->userId()});
    MSGR_VERIFY_OK(direct);
    api::SendMessage send{direct.value->chat.id, ++m_randomId, QString()};
    send.attachments = post.attachments;
    const auto sent = m_carol->call(send);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error.code, protocol::ErrorCode::NotFound);
    // Bob leaves the channel: its files close for him at once.
    MSGR_VERIFY_OK(m_bob->call(api::UnsubscribeChannel{m_private}));
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 404);
    MSGR_VERIFY_OK(m_alice->call(api::AddChannelSubscribers{m_private, {m_bob->userId()}}));
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 200);
    for (auto *c : {m_alice.get(), m_bob.get(), m_carol.get()})
        c->takeUpdates();
}

void TstChannelMedia::aPublicChannelsFileOpensForItsReaders() {
    const QByteArray bytes = distinctBytes(7000, 23);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    api::PostToChannel post{m_public, ++m_randomId, QStringLiteral("for everyone")};
    post.attachments = {photoAttachment(fileId, bytes.size())};
    MSGR_VERIFY_OK(m_alice->call(post));
    // Carol reads the public channel without subscribing (§15.1), so she opens its files.
    const auto history = m_carol->call(api::GetChannelHistory{m_public, 0, 10});
    MSGR_VERIFY_OK(history);
    QCOMPARE(history.value->messages.last().attachments, post.attachments);
    const RawHttpReply got = downloadFile(m_server, *m_carol, fileId);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.body, bytes);
}

void TstChannelMedia::onlyTheStaffPostsFiles() {
    const QByteArray bytes = distinctBytes(2000, 24);
    const QString bobs = uploadWhole(m_server, *m_bob, bytes);
    api::PostToChannel post{m_private, ++m_randomId, QStringLiteral("mine")};
    post.attachments = {photoAttachment(bobs, bytes.size())};
    const auto refused = m_bob->call(post);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error.code, protocol::ErrorCode::Forbidden);
    // An admin may; a file that is not the poster's (nor shared with them) is not found.
    MSGR_VERIFY_OK(
        m_alice->call(api::SetChannelRole{m_private, m_bob->userId(), api::ChannelRole::Admin}));
    post.randomId = ++m_randomId;
    MSGR_VERIFY_OK(m_bob->call(post));
    const QString carols = uploadWhole(m_server, *m_carol, bytes);
    api::PostToChannel foreign{m_private, ++m_randomId, QStringLiteral("not mine")};
    foreign.attachments = {photoAttachment(carols, bytes.size())};
    const auto notFound = m_bob->call(foreign);
    QVERIFY(!notFound.ok());
    QCOMPARE(notFound.error.code, protocol::ErrorCode::NotFound);
    MSGR_VERIFY_OK(m_alice->call(
        api::SetChannelRole{m_private, m_bob->userId(), api::ChannelRole::Subscriber}));
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstChannelMedia::anEditKeepsThePostsFiles() {
    const QByteArray bytes = distinctBytes(4000, 25);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    api::PostToChannel post{m_private, ++m_randomId, QStringLiteral("frist caption")};
    post.attachments = {photoAttachment(fileId, bytes.size())};
    const auto posted = m_alice->call(post);
    MSGR_VERIFY_OK(posted);
    const qint64 postId = posted.value->message.id;
    // A subscriber who is not an admin cannot edit it.
    const auto bobs = m_bob->call(api::EditMessage{m_private, postId, QStringLiteral("hijacked")});
    QVERIFY(!bobs.ok());
    QCOMPARE(bobs.error.code, protocol::ErrorCode::Forbidden);
    const auto edited =
        m_alice->call(api::EditMessage{m_private, postId, QStringLiteral("first caption")});
    MSGR_VERIFY_OK(edited);
    QCOMPARE(edited.value->message.text, QStringLiteral("first caption"));
    QCOMPARE(edited.value->message.attachments, post.attachments);
    QVERIFY(edited.value->message.editedAt > 0);
    // Bob reads the channel's log from before the edit: the edit, files kept.
    const auto history = m_bob->call(api::GetChannelHistory{m_private, 0, 100});
    MSGR_VERIFY_OK(history);
    const auto stored =
        std::find_if(history.value->messages.cbegin(), history.value->messages.cend(),
                     [&](const protocol::Message &m) { return m.id == postId; });
    QVERIFY(stored != history.value->messages.cend());
    QCOMPARE(stored->text, QStringLiteral("first caption"));
    QCOMPARE(stored->attachments, post.attachments);
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).body, bytes);
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstChannelMedia::aVoicePostKeepsItsDurationAndWaveform() {
    const QByteArray bytes = distinctBytes(9000, 26);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    protocol::Attachment voice;
    voice.fileId = fileId;
    voice.kind = protocol::AttachmentKind::Voice;
    voice.size = bytes.size();
    voice.mime = QStringLiteral("audio/ogg");
    voice.durationMs = 4321;
    voice.waveform = distinctBytes(100, 27);
    api::PostToChannel post{m_private, ++m_randomId, QString()};
    post.attachments = {voice};
    MSGR_VERIFY_OK(m_alice->call(post));
    const auto history = m_bob->call(api::GetChannelHistory{m_private, 0, 1});
    MSGR_VERIFY_OK(history);
    const protocol::Attachment got = history.value->messages.last().attachments.value(0);
    QCOMPARE(got.kind, protocol::AttachmentKind::Voice);
    QCOMPARE(got.durationMs, voice.durationMs);
    QCOMPARE(got.waveform, voice.waveform);
}

QTEST_MAIN(TstChannelMedia)
#include "tst_channel_media.moc"
