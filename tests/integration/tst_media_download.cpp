// Downloads and attachments against the REAL server (issue 8, items 2 and 3): GET /files/<id>
// with Range / If-Range / ETag, who may fetch a file (its uploader; a member of a chat where it
// was sent; nobody else, answered like an unknown id), a message carrying attachments through
// the real WebSocket, history and getDifference, forwarding, the typed refusals of bad
// attachments, and one stored copy of a file two users upload.
#include "protocol/api/forwards.h"
#include "protocol/api/groups.h"
#include "protocol/limits.h"
#include "protocol/updates.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
const QByteArray kTus = "1.0.0";

QByteArray content(qsizetype size, quint32 seed) {
    return msgr::test::distinctBytes(size, seed);
}

QString sha256Hex(const QByteArray &data) {
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

int filesUnder(const QString &dir) {
    int count = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

struct User {
    std::unique_ptr<TestClient> client;
    QString token;
    qint64 id = 0;
};
} // namespace

class TstMediaDownload : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void ownerDownloadsWithHeaders();
    void rangesResumeToIdenticalBytes();
    void ifRangeMismatchSendsTheWholeFile();
    void unsatisfiableRangeIs416();
    void strangersGetNotFoundLikeAnUnknownId();
    void unfinishedUploadIsNotDownloadable();
    void attachmentsReachThePeerAndOpenTheFile();
    void forwardingNeedsAccess();
    void aForwardedFileOpensForTheTargetsMembers();
    void badAttachmentsAreRefusedTyped();
    void sameFileFromTwoUsersIsStoredOnce();
    void attachedFileCannotBeTerminated();
    void contentHashOpensOnlyAFileNoMessageCarries();

private:
    quint16 port() const { return quint16(m_server->httpUrl().port()); }
    static RawHeaders bearer(const QString &token) {
        return {{"Authorization", "Bearer " + token.toLatin1()}};
    }
    //! A finished upload of `data` by `token`: its id, or empty.
    QString upload(const QString &token, const QByteArray &data, const QByteArray &metadata = {});
    RawHttpReply get(const QString &token, const QString &id, const RawHeaders &extra = {}) {
        return rawHttp(port(), "GET", "/files/" + id.toLatin1(), bearer(token) + extra);
    }
    protocol::Attachment attachmentOf(const QString &id, qint64 size) const;
    qint64 openChat(User &from, const User &to);

    std::unique_ptr<ServerProcess> m_server;
    User m_alice, m_bob, m_carol;
    QByteArray m_photo;
    QString m_photoId;
};

QString TstMediaDownload::upload(const QString &token, const QByteArray &data,
                                 const QByteArray &metadata) {
    // creation-with-upload: the whole file in the POST.
    RawHeaders headers = {{"Tus-Resumable", kTus},
                          {"Authorization", "Bearer " + token.toLatin1()},
                          {"Upload-Length", QByteArray::number(data.size())},
                          {"Content-Type", "application/offset+octet-stream"}};
    if (!metadata.isEmpty())
        headers.emplaceBack("Upload-Metadata", metadata);
    const RawHttpReply reply = rawHttp(port(), "POST", "/files", headers, data);
    if (reply.status != 201 || reply.header("Upload-Offset") != QByteArray::number(data.size()))
        return {};
    return QString::fromLatin1(reply.header("Location").mid(7));
}

protocol::Attachment TstMediaDownload::attachmentOf(const QString &id, qint64 size) const {
    protocol::Attachment a;
    a.fileId = id;
    a.kind = protocol::AttachmentKind::Photo;
    a.size = size;
    a.mime = QStringLiteral("image/jpeg");
    a.name = QStringLiteral("été.jpg");
    a.width = 640;
    a.height = 480;
    a.thumbnail = content(protocol::kMaxThumbnailBytes, 9);
    return a;
}

qint64 TstMediaDownload::openChat(User &from, const User &to) {
    const auto chat = from.client->call(api::OpenPrivateChat{to.id});
    return chat.ok() ? chat.value->chat.id : 0;
}

void TstMediaDownload::initTestCase() {
    m_server = std::make_unique<ServerProcess>();
    QVERIFY(m_server->start());
    for (auto [name, user] : {std::pair{"alice", &m_alice}, {"bob", &m_bob}, {"carol", &m_carol}}) {
        user->client = std::make_unique<TestClient>();
        QVERIFY(user->client->connectTo(m_server->wsUrl()));
        QVERIFY(!user->client->signUp(QString::fromLatin1(name), kPassword).isEmpty());
        user->token = user->client->token();
        user->id = user->client->userId();
    }
    m_photo = content(300'000 + 17, 1);
    m_photoId = upload(m_alice.token, m_photo,
                       "filename " + QStringLiteral("été \"1\".jpg").toUtf8().toBase64() +
                           ",filetype " + QByteArray("image/jpeg").toBase64());
    QVERIFY(protocol::isFileId(m_photoId));
}

void TstMediaDownload::ownerDownloadsWithHeaders() {
    const RawHttpReply reply = get(m_alice.token, m_photoId);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, m_photo);
    QCOMPARE(reply.header("Content-Length"), QByteArray::number(m_photo.size()));
    QCOMPARE(reply.header("ETag"), '"' + sha256Hex(m_photo).toLatin1() + '"');
    QCOMPARE(reply.header("Accept-Ranges"), "bytes");
    QCOMPARE(reply.header("Content-Type"), "image/jpeg");
    QCOMPARE(reply.header("X-Content-Type-Options"), "nosniff");
    // Never inline; the name survives as UTF-8 and cannot break out of its quotes.
    QCOMPARE(reply.header("Content-Disposition"),
             "attachment; filename=\"_t_ _1_.jpg\"; filename*=UTF-8''%C3%A9t%C3%A9%20%221%22.jpg");
    QVERIFY(reply.header("Content-Security-Policy").contains("sandbox"));
    // HEAD stays tus's: the upload's offset and length.
    const RawHttpReply head = rawHttp(port(), "HEAD", "/files/" + m_photoId.toLatin1(),
                                      bearer(m_alice.token) + RawHeaders{{"Tus-Resumable", kTus}});
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Upload-Offset"), QByteArray::number(m_photo.size()));
    QCOMPARE(head.header("Upload-Length"), QByteArray::number(m_photo.size()));
}

void TstMediaDownload::rangesResumeToIdenticalBytes() {
    // A download cut at 100,000 bytes resumes from there; the pieces are the file.
    const RawHttpReply first = get(m_alice.token, m_photoId, {{"Range", "bytes=0-99999"}});
    QCOMPARE(first.status, 206);
    QCOMPARE(first.header("Content-Range"), "bytes 0-99999/" + QByteArray::number(m_photo.size()));
    QCOMPARE(first.body.size(), 100'000);
    const QByteArray etag = first.header("ETag");
    const RawHttpReply rest =
        get(m_alice.token, m_photoId, {{"Range", "bytes=100000-"}, {"If-Range", etag}});
    QCOMPARE(rest.status, 206);
    QCOMPARE(rest.header("Content-Range"), "bytes 100000-" +
                                               QByteArray::number(m_photo.size() - 1) + '/' +
                                               QByteArray::number(m_photo.size()));
    QCOMPARE(first.body + rest.body, m_photo);
    const RawHttpReply tail = get(m_alice.token, m_photoId, {{"Range", "bytes=-17"}});
    QCOMPARE(tail.status, 206);
    QCOMPARE(tail.body, m_photo.right(17));
    // A last position past the end is cut to the file.
    const RawHttpReply past = get(m_alice.token, m_photoId, {{"Range", "bytes=300000-999999999"}});
    QCOMPARE(past.status, 206);
    QCOMPARE(past.body, m_photo.mid(300'000));
    // Several ranges are not served: the whole file.
    const RawHttpReply several = get(m_alice.token, m_photoId, {{"Range", "bytes=0-1,5-6"}});
    QCOMPARE(several.status, 200);
    QCOMPARE(several.body, m_photo);
}

void TstMediaDownload::ifRangeMismatchSendsTheWholeFile() {
    const RawHttpReply changed =
        get(m_alice.token, m_photoId, {{"Range", "bytes=10-"}, {"If-Range", "\"another\""}});
    QCOMPARE(changed.status, 200);
    QCOMPARE(changed.body, m_photo);
    const RawHttpReply dated =
        get(m_alice.token, m_photoId,
            {{"Range", "bytes=10-"}, {"If-Range", "Tue, 01 Dec 2026 10:00:00 GMT"}});
    QCOMPARE(dated.status, 200);
    QCOMPARE(dated.body.size(), m_photo.size());
}

void TstMediaDownload::unsatisfiableRangeIs416() {
    const QByteArray size = QByteArray::number(m_photo.size());
    const RawHttpReply reply = get(m_alice.token, m_photoId, {{"Range", "bytes=" + size + "-"}});
    QCOMPARE(reply.status, 416);
    QCOMPARE(reply.header("Content-Range"), "bytes */" + size);
    QCOMPARE(get(m_alice.token, m_photoId, {{"Range", "bytes=-0"}}).status, 416);
}

void TstMediaDownload::strangersGetNotFoundLikeAnUnknownId() {
    const RawHttpReply unknown = get(m_bob.token, QString(32, u'0'));
    QCOMPARE(unknown.status, 404);
    const RawHttpReply stranger = get(m_bob.token, m_photoId);
    QCOMPARE(stranger.status, 404);
    QCOMPARE(stranger.body, unknown.body);
    QCOMPARE(stranger.header("Content-Length"), unknown.header("Content-Length"));
    QCOMPARE(rawHttp(port(), "GET", "/files/" + m_photoId.toLatin1(), {}).status, 401);
    QCOMPARE(get(QStringLiteral("not-a-token"), m_photoId).status, 401);
    QCOMPARE(get(m_bob.token, QStringLiteral("../../etc/passwd")).status, 404);
}

void TstMediaDownload::unfinishedUploadIsNotDownloadable() {
    const RawHttpReply created = rawHttp(port(), "POST", "/files",
                                         {{"Tus-Resumable", kTus},
                                          {"Authorization", "Bearer " + m_alice.token.toLatin1()},
                                          {"Upload-Length", "1000"}});
    QCOMPARE(created.status, 201);
    const QString id = QString::fromLatin1(created.header("Location").mid(7));
    QCOMPARE(get(m_alice.token, id).status, 409);
    QCOMPARE(get(m_bob.token, id).status, 404);
    // Nor can it be sent: the typed refusal says why.
    const qint64 chat = openChat(m_alice, m_bob);
    QVERIFY(chat > 0);
    api::SendMessage send{chat, 7001, QString(), {attachmentOf(id, 1000)}};
    QVERIFY(!m_alice.client->call(send).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(m_alice.client->lastError()->message.contains(u"not finished"));
    QCOMPARE(
        rawHttp(port(), "DELETE", "/files/" + id.toLatin1(),
                {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + m_alice.token.toLatin1()}})
            .status,
        204);
}

void TstMediaDownload::attachmentsReachThePeerAndOpenTheFile() {
    const qint64 chat = openChat(m_alice, m_bob);
    QVERIFY(chat > 0);
    m_bob.client->takeUpdates();
    const auto before = m_bob.client->call(api::GetState{});
    QVERIFY(before.ok());

    protocol::Attachment photo = attachmentOf(m_photoId, m_photo.size());
    protocol::Attachment voice;
    voice.fileId = m_photoId; // the same file twice: one link, two attachments
    voice.kind = protocol::AttachmentKind::Voice;
    voice.size = m_photo.size();
    voice.mime = QStringLiteral("audio/ogg");
    voice.durationMs = 4321;
    voice.waveform = content(protocol::kMaxWaveformBytes, 3);
    const api::SendMessage send{chat, 7002, QString(), {photo, voice}};
    const auto sent = m_alice.client->call(send);
    QVERIFY2(sent.ok(), qPrintable(m_alice.client->lastErrorName()));
    QCOMPARE(sent.value->message.attachments, send.attachments);

    // Live, through the real WebSocket, every field intact.
    QVERIFY(m_bob.client->waitForUpdates(1));
    const QList<protocol::UpdateFrame> frames = m_bob.client->takeUpdates();
    const auto update = protocol::updateFromCbor(frames.last().update);
    QVERIFY(update);
    const auto *live = std::get_if<protocol::NewMessageUpdate>(&*update);
    QVERIFY(live);
    QCOMPARE(live->message.id, sent.value->message.id);
    QCOMPARE(live->message.text, QString());
    QCOMPARE(live->message.attachments, send.attachments);

    // History and the difference carry them too.
    const auto history = m_bob.client->call(api::GetHistory{chat, 0, 10});
    QVERIFY(history.ok());
    QCOMPARE(history.value->messages.last().attachments, send.attachments);
    const auto difference = m_bob.client->call(api::GetDifference{before.value->pts, 10});
    QVERIFY(difference.ok());
    const auto *logged =
        std::get_if<protocol::NewMessageUpdate>(&difference.value->updates.last().update);
    QVERIFY(logged);
    QCOMPARE(logged->message.attachments, send.attachments);

    // Bob is a member of the chat now holding the file: he may fetch it, by range too.
    const RawHttpReply bobs = get(m_bob.token, m_photoId);
    QCOMPARE(bobs.status, 200);
    QCOMPARE(bobs.body, m_photo);
    QCOMPARE(get(m_bob.token, m_photoId, {{"Range", "bytes=5-9"}}).body, m_photo.mid(5, 5));
    // Carol is in no chat with it.
    QCOMPARE(get(m_carol.token, m_photoId).status, 404);
}

void TstMediaDownload::forwardingNeedsAccess() {
    // Bob (not the uploader, but the file was sent to him) forwards it to Carol.
    const qint64 bobCarol = openChat(m_bob, m_carol);
    QVERIFY(bobCarol > 0);
    QCOMPARE(get(m_carol.token, m_photoId).status, 404);
    const auto forwarded = m_bob.client->call(api::SendMessage{
        bobCarol, 7003, QStringLiteral("look"), {attachmentOf(m_photoId, m_photo.size())}});
    QVERIFY2(forwarded.ok(), qPrintable(m_bob.client->lastErrorName()));
    QCOMPARE(get(m_carol.token, m_photoId).status, 200);

    // Carol cannot send a file she has no access to: alike an unknown one.
    const QString alicesOther = upload(m_alice.token, content(1000, 4));
    QVERIFY(!alicesOther.isEmpty());
    QVERIFY(
        !m_carol.client
             ->call(api::SendMessage{bobCarol, 7004, QString(), {attachmentOf(alicesOther, 1000)}})
             .ok());
    QCOMPARE(m_carol.client->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(m_carol.client->lastError()->message.contains(u"attachment 0"));
}

// messages.forward (docs/protocol.md §19) keeps the same file ids and links them to the target
// chat: its members may fetch the file, as after a send there.
void TstMediaDownload::aForwardedFileOpensForTheTargetsMembers() {
    const QByteArray data = content(5000, 11);
    const QString fileId = upload(m_alice.token, data);
    QVERIFY(protocol::isFileId(fileId));
    const qint64 aliceBob = openChat(m_alice, m_bob);
    const auto sent = m_alice.client->call(
        api::SendMessage{aliceBob, 7101, QStringLiteral("the plan"), {attachmentOf(fileId, 5000)}});
    QVERIFY2(sent.ok(), qPrintable(m_alice.client->lastErrorName()));
    const auto group =
        m_bob.client->call(api::CreateGroup{7102, QStringLiteral("planners"), {m_carol.id}});
    QVERIFY(group.ok());
    QCOMPARE(get(m_carol.token, fileId).status, 404);

    const auto forwarded = m_bob.client->call(
        api::ForwardMessages{aliceBob, {sent.value->message.id}, group.value->chat.id, {7103}});
    QVERIFY2(forwarded.ok(), qPrintable(m_bob.client->lastErrorName()));
    const auto history = m_carol.client->call(api::GetHistory{group.value->chat.id, 0, 10});
    QVERIFY(history.ok());
    QCOMPARE(history.value->messages.last().attachments, sent.value->message.attachments);
    const RawHttpReply carols = get(m_carol.token, fileId);
    QCOMPARE(carols.status, 200);
    QCOMPARE(carols.body, data);
}

void TstMediaDownload::badAttachmentsAreRefusedTyped() {
    const qint64 chat = openChat(m_alice, m_bob);
    QVERIFY(chat > 0);
    auto refused = [&](const QCborMap &attachment, qsizetype copies = 1) {
        QCborArray list;
        for (qsizetype i = 0; i < copies; ++i)
            list.append(attachment);
        static qint64 randomId = 9000;
        m_alice.client->call(protocol::method::MessagesSend,
                             QCborMap{{QLatin1StringView("chatId"), chat},
                                      {QLatin1StringView("randomId"), ++randomId},
                                      {QLatin1StringView("text"), QString()},
                                      {QLatin1StringView("attachments"), list}});
        return m_alice.client->lastErrorName();
    };
    const QCborMap good = attachmentOf(m_photoId, m_photo.size()).toCbor();
    auto with = [&](const char *key, const QCborValue &value) {
        QCborMap m = good;
        m.insert(QLatin1StringView(key), value);
        return m;
    };
    QCOMPARE(refused(good, protocol::kMaxAttachments + 1), QStringLiteral("TOO_LARGE"));
    QCOMPARE(refused(with("thumbnail", content(protocol::kMaxThumbnailBytes + 1, 5))),
             QStringLiteral("TOO_LARGE"));
    QCOMPARE(refused(with("waveform", content(protocol::kMaxWaveformBytes + 1, 5))),
             QStringLiteral("TOO_LARGE"));
    QCOMPARE(refused(with("name", QString(protocol::kMaxAttachmentNameChars + 1, u'n'))),
             QStringLiteral("TOO_LARGE"));
    QCOMPARE(refused(with("kind", QStringLiteral("hologram"))), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(refused(with("fileId", m_photoId.toUpper())), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(refused(with("thumbnail", QStringLiteral("text, not bytes"))),
             QStringLiteral("BAD_REQUEST"));
    QCOMPARE(refused(with("width", 0)), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(refused(with("size", m_photo.size() + 1)), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(refused(with("fileId", QString(32, u'a'))), QStringLiteral("NOT_FOUND"));
    // No text and no attachment says nothing.
    QVERIFY(!m_alice.client->call(api::SendMessage{chat, 9999, QString(), {}}).ok());
    QCOMPARE(m_alice.client->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstMediaDownload::sameFileFromTwoUsersIsStoredOnce() {
    const QString blobs = m_server->dataDir() + QStringLiteral("/media/blobs");
    const int before = filesUnder(blobs);
    const QByteArray data = content(200'000, 77);
    const QString alices = upload(m_alice.token, data);
    const QString carols = upload(m_carol.token, data);
    QVERIFY(protocol::isFileId(alices));
    QVERIFY(protocol::isFileId(carols));
    QVERIFY(alices != carols);
    QCOMPARE(filesUnder(blobs), before + 1);
    QCOMPARE(get(m_alice.token, alices).body, data);
    QCOMPARE(get(m_carol.token, carols).body, data);
    // Each id is its uploader's: sharing content shares no access.
    QCOMPARE(get(m_carol.token, alices).status, 404);
}

void TstMediaDownload::attachedFileCannotBeTerminated() {
    const RawHttpReply reply =
        rawHttp(port(), "DELETE", "/files/" + m_photoId.toLatin1(),
                {{"Tus-Resumable", kTus}, {"Authorization", "Bearer " + m_alice.token.toLatin1()}});
    QCOMPARE(reply.status, 409);
    QCOMPARE(get(m_bob.token, m_photoId).status, 200);
}

// A secret chat's file (§12.8) is carried by no message: whoever names its SHA-256 (learnt from
// the uploader inside the ratchet) may fetch it; without it, or with a wrong one, it is a 404
// like any unknown id, and the hash opens nothing that a message carries.
void TstMediaDownload::contentHashOpensOnlyAFileNoMessageCarries() {
    const QByteArray sealed = content(70'000, 11);
    const QString id = upload(m_alice.token, sealed);
    QVERIFY(protocol::isFileId(id));
    const QByteArray proof = sha256Hex(sealed).toLatin1();
    const RawHttpReply unknown = get(m_bob.token, QString(32, u'0'));
    const RawHttpReply without = get(m_bob.token, id);
    QCOMPARE(without.status, 404);
    QCOMPARE(without.body, unknown.body);
    QByteArray wrong = proof;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    QCOMPARE(get(m_bob.token, id, {{"Msgr-Content-Sha256", wrong}}).status, 404);
    QCOMPARE(get(m_bob.token, id, {{"Msgr-Content-Sha256", proof.toUpper()}}).status, 404);
    const RawHttpReply opened = get(m_bob.token, id, {{"Msgr-Content-Sha256", proof}});
    QCOMPARE(opened.status, 200);
    QCOMPARE(opened.body, sealed);
    QCOMPARE(get(m_carol.token, id, {{"Msgr-Content-Sha256", proof}, {"Range", "bytes=1-3"}}).body,
             sealed.mid(1, 3));
    // Still a session's request: no token, no file.
    QCOMPARE(
        rawHttp(port(), "GET", "/files/" + id.toLatin1(), {{"Msgr-Content-Sha256", proof}}).status,
        401);
    // A file a chat message carries keeps the membership rule: its hash opens nothing.
    const QByteArray sent = content(5'000, 12);
    const QString sentId = upload(m_alice.token, sent);
    const qint64 chat = openChat(m_alice, m_bob);
    const auto message = m_alice.client->call(
        api::SendMessage{chat, 7010, QString(), {attachmentOf(sentId, sent.size())}});
    QVERIFY(message.ok());
    QCOMPARE(
        get(m_carol.token, sentId, {{"Msgr-Content-Sha256", sha256Hex(sent).toLatin1()}}).status,
        404);
}

QTEST_GUILESS_MAIN(TstMediaDownload)
#include "tst_media_download.moc"
