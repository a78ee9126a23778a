// Files in channel posts through the whole client against the REAL msgr-server (docs/protocol.md
// §15.8): the owner sends a photo with a caption and a voice message to her channel the way the
// composer does (MessageListModel::sendFiles / sendVoice: stored pending, uploaded, posted by
// the outbox as channels.post with its attachments); a subscriber's client shows them as a
// chat's are (a photo row with its caption and size, a voice row with its duration and
// waveform), and its chat list names the last post "Voice message" as it would in a chat.
#include "channel_apps.h"
#include "client_app.h"
#include "client_media.h"
#include "core/chats/chat_list_model.h"
#include "core/media/voice_waveform.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "tests/support/server_process.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using core::MessageListModel;
using test::awaitCondition;

namespace {
const QString kPassword = QStringLiteral("password123");

std::unique_ptr<test::ClientApp> signedUp(const QString &dir, const QUrl &url,
                                          const QString &name) {
    return test::signedUpChannelApp(dir, url, QStringLiteral("tst_channel_media_client"), name,
                                    name, kPassword);
}

QVariant roleAt(const MessageListModel &model, int row, MessageListModel::Role role) {
    return model.data(model.index(row), role);
}

int rowOfKind(const MessageListModel &model, const QString &kind) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (roleAt(model, row, MessageListModel::AttachmentKindRole).toString() == kind)
            return row;
    return -1;
}

int rowOfChat(const core::ChatListModel &chats, qint64 chatId) {
    for (int row = 0; row < chats.rowCount(); ++row)
        if (chats.data(chats.index(row), core::ChatListModel::ChatIdRole).toLongLong() == chatId)
            return row;
    return -1;
}

QString writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}
} // namespace

class TstChannelMediaClient : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void aPhotoAndAVoicePostReachASubscribersClient() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir olgaDir, samDir, filesDir;
        auto olga = signedUp(olgaDir.path(), server.wsUrl(), QStringLiteral("olga"));
        auto sam = signedUp(samDir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(olga && sam);
        test::ClientMedia olgaMedia(*olga, olgaDir.path(), server.wsUrl());

        const auto created = test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
            olga->engine->createChannel(QStringLiteral("Harbour"), QString(),
                                        QStringLiteral("harbour"), ctx, done);
        });
        QVERIFY2(created.ok(), qPrintable(created.code));
        const qint64 channel = created.channels.value(0).id;
        const auto subscribed =
            test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
                sam->engine->subscribeChannel(channel, ctx, done);
            });
        QVERIFY2(subscribed.ok(), qPrintable(subscribed.code));

        MessageListModel olgaPosts(olga->context.get());
        olgaPosts.setChatId(channel);
        MessageListModel samPosts(sam->context.get());
        samPosts.setChatId(channel);

        // A photo with a caption, sent as the attach button sends it.
        QImage image(320, 200, QImage::Format_RGB32);
        image.fill(QColor(20, 90, 160));
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(image.save(&buffer, "JPEG"));
        const QString photo = writeFile(filesDir.filePath(QStringLiteral("pier.jpg")), jpeg);
        QVERIFY(!photo.isEmpty());
        olgaPosts.sendFiles(QStringLiteral("the new pier"), {QUrl::fromLocalFile(photo)});
        awaitCondition([&] { return rowOfKind(samPosts, QStringLiteral("photo")) >= 0; },
                       "the subscriber sees the photo post");
        const int photoRow = rowOfKind(samPosts, QStringLiteral("photo"));
        QCOMPARE(roleAt(samPosts, photoRow, MessageListModel::TextRole).toString(),
                 QStringLiteral("the new pier"));
        QCOMPARE(roleAt(samPosts, photoRow, MessageListModel::AttachmentSizeRole).toDouble(),
                 double(jpeg.size()));
        QCOMPARE(roleAt(samPosts, photoRow, MessageListModel::AttachmentWidthRole).toInt(), 320);
        QCOMPARE(roleAt(samPosts, photoRow, MessageListModel::FileIdRole).toString().size(), 32);

        // A voice message, as the record button sends it.
        QByteArray recording = QByteArrayLiteral("OggS");
        recording += QByteArray(20'000, '\x5a');
        const QString voice = writeFile(filesDir.filePath(QStringLiteral("note.ogg")), recording);
        QList<int> levels;
        for (int i = 0; i < core::kVoiceWaveformLevels; ++i)
            levels.append((i * 7) % 256);
        olgaPosts.sendVoice(voice, 2500, core::packWaveform(levels));
        awaitCondition([&] { return rowOfKind(samPosts, QStringLiteral("voice")) >= 0; },
                       "the subscriber sees the voice post");
        const int voiceRow = rowOfKind(samPosts, QStringLiteral("voice"));
        QCOMPARE(roleAt(samPosts, voiceRow, MessageListModel::AttachmentDurationRole).toDouble(),
                 2500.0);
        QVariantList expected;
        for (int level : levels)
            expected.append(level);
        QCOMPARE(roleAt(samPosts, voiceRow, MessageListModel::WaveformRole).toList(), expected);

        // The chat list names the last post by its file, as for a chat's message.
        core::ChatListModel chats(sam->context.get());
        chats.load();
        awaitCondition([&] { return rowOfChat(chats, channel) >= 0; }, "the channel listed");
        QTRY_COMPARE(
            chats.data(chats.index(rowOfChat(chats, channel)), core::ChatListModel::LastTextRole)
                .toString(),
            QStringLiteral("Voice message"));
    }
};

QTEST_MAIN(TstChannelMediaClient)
#include "tst_channel_media_client.moc"
