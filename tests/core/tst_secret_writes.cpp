// The secret chats' storage rules (core/secret/secret_writes.h) over two real encrypted profile
// stores, without a server: the handshake (the one-time pre-key deleted with the new session),
// messages both ways across store restarts, an envelope delivered again after its commit
// (skipped by id, stored once), a replayed and a tampered envelope (refused, the session goes
// on), and the crash rules the integration test cannot reach: a job rolled back after
// decrypting or encrypting leaves no state, message or envelope behind; a changed peer key
// flagged on both paths until confirmed; a self-destructing message purged on both sides once
// read (database and search index), also across restarts. Files go as §12.8 kind 7 (no
// plaintext hash); an older sender's kind 5 is still stored and its hash checked on opening.
#include "core/media/media_cache.h"
#include "core/media/secret_download.h"
#include "core/secret/secret_attachment_file.h"
#include "core/secret/secret_attachment_writes.h"
#include "core/secret/secret_key_check.h"
#include "core/secret/secret_seal.h"
#include "core/secret/secret_seal_writes.h"
#include "core/secret/secret_timers.h"
#include "core/secret/secret_writes.h"
#include "core_test_helpers.h"
#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/pre_key_bundle.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/downloads_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/secret_attachments_table.h"
#include "storage/tables/secret_seals_table.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"
#include "storage/tables/uploads_table.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <sodium.h>

using namespace msgr;
namespace api = protocol::api;
namespace cs = crypto::secret;
using core::secret::Received;

namespace {

//! One device: its profile store (reopened on restart()) and who it is.
struct Device {
    QTemporaryDir dir;
    std::unique_ptr<storage::ProfileStore> store;
    qint64 userId;
    qint64 deviceId;
    qint64 nextEnvelopeId = 1; // the relay's ids for envelopes to this device

    Device(qint64 user, qint64 device) : userId(user), deviceId(device) { restart(); }
    //! Closes the store (everything committed stays) and opens it again: a device restart.
    void restart() {
        store.reset();
        store = std::make_unique<storage::ProfileStore>();
        QVERIFY(test::openStore(*store, dir.path()));
        test::saveAccount(*store, {userId, deviceId, QStringLiteral("u%1").arg(userId),
                                   QStringLiteral("token"), 0});
    }
    template <typename Job> auto write(Job job) {
        using T = std::decay_t<std::invoke_result_t<Job &, storage::WriteTransaction &>>;
        return test::await<T>(
            [&](QObject *ctx, auto done) { store->writeReturning(job, ctx, std::move(done)); });
    }
    QByteArray bundle() {
        return write([this](storage::WriteTransaction &tx) {
                   return core::secret::prepareKeys(tx, deviceId, 1'000'000);
               })
            .bundle;
    }
    Received receive(const QByteArray &envelope, const Device &from, qint64 id) {
        const api::SecretEnvelope e{id, from.userId, from.deviceId, 5'000, envelope};
        return write(
            [e](storage::WriteTransaction &tx) { return core::secret::receiveEnvelope(tx, e); });
    }
    Received receiveNext(const QByteArray &envelope, const Device &from) {
        return receive(envelope, from, nextEnvelopeId++);
    }
    core::secret::OutgoingText send(qint64 chatId, const QString &text) {
        return write([chatId, text](storage::WriteTransaction &tx) {
            return core::secret::encryptText(tx, chatId, text, 6'000);
        });
    }
    qsizetype oneTimePreKeys() {
        return test::read(*store, [](storage::ReadTransaction &tx) {
            const auto row = storage::SecretTable::deviceKeys(tx);
            const auto keys = cs::decodeDeviceKeys(row ? row->keys.view() : QByteArrayView());
            return keys.ok() ? keys->oneTimePreKeys.size() : qsizetype{-1};
        });
    }
    QList<storage::SecretOutboxRow> outbox() {
        return test::read(
            *store, [](storage::ReadTransaction &tx) { return storage::SecretTable::outbox(tx); });
    }
    bool keyChanged(qint64 chatId) {
        return test::read(*store, [chatId](storage::ReadTransaction &tx) {
            return storage::SecretStateTable::chatState(tx, chatId).keyChanged;
        });
    }
    qint64 ttl(qint64 chatId) {
        return test::read(*store, [chatId](storage::ReadTransaction &tx) {
            return storage::SecretStateTable::chatState(tx, chatId).ttlMs;
        });
    }
    core::secret::ConfirmOutcome confirm(qint64 chatId) {
        return write([chatId](storage::WriteTransaction &tx) {
            return core::secret::confirmKeyChange(tx, chatId, 7'000);
        });
    }
    core::secret::Purged purge(qint64 nowMs) {
        return write([nowMs](storage::WriteTransaction &tx) {
            return core::secret::purgeExpired(tx, nowMs);
        });
    }
    QList<storage::SearchHit> search(const QString &words) {
        return test::read(*store, [words](storage::ReadTransaction &tx) {
            return storage::MessagesTable::search(tx, words, 50);
        });
    }
    QStringList texts(qint64 chatId) {
        QStringList out;
        for (const storage::MessageRecord &m : test::messages(*store, chatId))
            out.append(m.text);
        return out;
    }
};

//! Bob's bundle as the server hands it out: with his lowest one-time pre-key.
QByteArray bundleWithOneTimeKey(Device &bob) {
    const QByteArray published = bob.bundle();
    const QList<api::SecretPreKey> keys = bob.write(
        [](storage::WriteTransaction &tx) { return core::secret::addOneTimePreKeys(tx, 3); });
    cs::Result<cs::PreKeyBundle> bundle = cs::decodePreKeyBundle(published);
    if (!bundle.ok() || keys.isEmpty())
        return {};
    bundle->oneTimePreKey =
        cs::PublicOneTimePreKey{quint32(keys.first().id), keys.first().publicKey};
    return cs::encodePreKeyBundle(bundle.value());
}

struct Chat {
    qint64 aliceChat = 0;
    qint64 bobChat = 0;
};

//! Alice opens a secret chat with Bob, and Bob accepts it.
Chat open(Device &alice, Device &bob) {
    (void)alice.bundle(); // her own keys
    const QByteArray bobBundle = bundleWithOneTimeKey(bob);
    const core::secret::StartedChat started = alice.write([&](storage::WriteTransaction &tx) {
        return core::secret::startChat(tx, bob.userId, bob.deviceId, bobBundle, 2'000'000);
    });
    if (!started.chatId)
        return {};
    const Received opened = bob.receiveNext(started.opening.envelope, alice);
    if (opened.outcome != Received::Outcome::Opened)
        return {};
    return {started.chatId, opened.chatId};
}

} // namespace

class TstSecretWrites : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void handshakeAndMessagesBothWaysAcrossRestarts() {
        Device alice(1, 11), bob(2, 22);
        const Chat chat = open(alice, bob);
        QVERIFY(storage::isSecretChatId(chat.aliceChat));
        QVERIFY(storage::isSecretChatId(chat.bobChat));
        QCOMPARE(bob.oneTimePreKeys(), 2); // the used one was deleted with the new session
        const auto bobsChat = test::read(*bob.store, [&](storage::ReadTransaction &tx) {
            return storage::ChatsTable::load(tx, chat.bobChat);
        });
        QVERIFY(bobsChat);
        QCOMPARE(bobsChat->peerUserId, alice.userId);

        const QStringList lines = {QStringLiteral("one"), QStringLiteral("two"),
                                   QStringLiteral("three"), QStringLiteral("four")};
        for (int i = 0; i < lines.size(); ++i) {
            Device &from = i % 2 ? bob : alice;
            Device &to = i % 2 ? alice : bob;
            const qint64 fromChat = i % 2 ? chat.bobChat : chat.aliceChat;
            const auto out = from.send(fromChat, lines[i]);
            QVERIFY2(out.message.localId, qPrintable(out.error));
            QCOMPARE(from.outbox().last().id, out.envelope.id); // committed with the message
            from.write([id = out.envelope.id](storage::WriteTransaction &tx) {
                storage::SecretTable::removeOutgoing(tx, id);
                return true;
            });
            from.restart();
            to.restart();
            const Received got = to.receiveNext(out.envelope.envelope, from);
            QCOMPARE(int(got.outcome), int(Received::Outcome::Stored));
            QCOMPARE(got.message.text, lines[i]);
        }
        QCOMPARE(bob.texts(chat.bobChat), QStringList({"one", "two", "three", "four"}));
        QCOMPARE(alice.texts(chat.aliceChat), QStringList({"one", "two", "three", "four"}));
        // Bob answered: Alice's messages no longer carry the handshake.
        const auto session = test::read(*alice.store, [&](storage::ReadTransaction &tx) {
            return storage::SecretTable::session(tx, chat.aliceChat);
        });
        QVERIFY(session && session->preKeyMessage.isEmpty());
    }

    void envelopeDeliveredAgainAfterItsCommitIsStoredOnce() {
        Device alice(1, 11), bob(2, 22);
        const Chat chat = open(alice, bob);
        QVERIFY(chat.bobChat);
        const auto out = alice.send(chat.aliceChat, QStringLiteral("only once"));
        const qint64 id = bob.nextEnvelopeId++;
        QCOMPARE(int(bob.receive(out.envelope.envelope, alice, id).outcome),
                 int(Received::Outcome::Stored));
        // The ack was lost (a crash after the commit): the relay delivers the same id again.
        bob.restart();
        QCOMPARE(int(bob.receive(out.envelope.envelope, alice, id).outcome),
                 int(Received::Outcome::AlreadyProcessed));
        // A copy under a new id (the sender's retried send) is a replay: refused by the ratchet.
        const Received replay = bob.receiveNext(out.envelope.envelope, alice);
        QCOMPARE(int(replay.outcome), int(Received::Outcome::Refused));
        QCOMPARE(bob.texts(chat.bobChat), QStringList{"only once"});
    }

    void replayedOpeningAndTamperedMessageAreRefusedAndTheSessionGoesOn() {
        Device alice(1, 11), bob(2, 22);
        const Chat chat = open(alice, bob);
        QVERIFY(chat.bobChat);
        const QByteArray opening = alice.outbox().first().envelope;
        QCOMPARE(int(bob.receiveNext(opening, alice).outcome), int(Received::Outcome::Refused));

        const auto out = alice.send(chat.aliceChat, QStringLiteral("intact"));
        QByteArray tampered = out.envelope.envelope;
        tampered[tampered.size() - 20] = char(tampered[tampered.size() - 20] ^ 0x01);
        const Received bad = bob.receiveNext(tampered, alice);
        QCOMPARE(int(bad.outcome), int(Received::Outcome::Refused));
        QVERIFY(!bad.reason.contains(QStringLiteral("intact")));
        QCOMPARE(int(bob.receiveNext(out.envelope.envelope, alice).outcome),
                 int(Received::Outcome::Stored));
        QCOMPARE(bob.texts(chat.bobChat), QStringList{"intact"});
        // Nothing of it came from a second chat: one secret chat on Bob's side.
        const auto chats = test::read(*bob.store, [](storage::ReadTransaction &tx) {
            return storage::ChatsTable::loadAll(tx);
        });
        QCOMPARE(chats.size(), 1);
    }

    void aJobRolledBackLeavesNoStateMessageOrEnvelope() {
        Device alice(1, 11), bob(2, 22);
        const Chat chat = open(alice, bob);
        QVERIFY(chat.bobChat);
        const auto first = alice.send(chat.aliceChat, QStringLiteral("first"));

        // Bob crashes inside the job, after decrypting: nothing of it may remain.
        const api::SecretEnvelope e{bob.nextEnvelopeId++, alice.userId, alice.deviceId, 5'000,
                                    first.envelope.envelope};
        bob.write([e](storage::WriteTransaction &tx) {
            (void)core::secret::receiveEnvelope(tx, e);
            tx.must(false, "crash before the commit");
            return true;
        });
        QVERIFY(bob.texts(chat.bobChat).isEmpty());
        // Delivered again (never acknowledged): decrypted with the state as it was, stored once.
        const Received got = bob.receive(e.envelope, alice, e.id);
        QCOMPARE(int(got.outcome), int(Received::Outcome::Stored));
        QCOMPARE(bob.texts(chat.bobChat), QStringList{"first"});

        // Alice crashes inside the job that encrypts: no message, no envelope to send.
        const qsizetype queued = alice.outbox().size();
        alice.write([chatId = chat.aliceChat](storage::WriteTransaction &tx) {
            (void)core::secret::encryptText(tx, chatId, QStringLiteral("lost"), 7'000);
            tx.must(false, "crash before the commit");
            return true;
        });
        QCOMPARE(alice.outbox().size(), queued);
        QCOMPARE(alice.texts(chat.aliceChat), QStringList{"first"});
        const auto second = alice.send(chat.aliceChat, QStringLiteral("second"));
        QCOMPARE(int(bob.receiveNext(second.envelope.envelope, alice).outcome),
                 int(Received::Outcome::Stored));
        QCOMPARE(bob.texts(chat.bobChat), QStringList({"first", "second"}));
    }

    void keysAreMadeOnceRotatedOnTheirPeriodAndNewForANewDevice() {
        Device bob(2, 22);
        const QByteArray first = bob.bundle();
        QCOMPARE(bob.bundle(), first); // the same keys, published again
        const QByteArray rotated = bob.write([](storage::WriteTransaction &tx) {
                                          return core::secret::prepareKeys(
                                              tx, 22, 1'000'000 + cs::kSignedPreKeyRotationMs);
                                      })
                                       .bundle;
        const auto a = cs::decodePreKeyBundle(first);
        const auto b = cs::decodePreKeyBundle(rotated);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(b->identity, a->identity);
        QCOMPARE(b->signedPreKey.id, a->signedPreKey.id + 1);
        const QByteArray otherDevice = bob.write([](storage::WriteTransaction &tx) {
                                              return core::secret::prepareKeys(tx, 23, 1'000'000);
                                          })
                                           .bundle;
        const auto c = cs::decodePreKeyBundle(otherDevice);
        QVERIFY(c.ok());
        QVERIFY(!(c->identity == a->identity));
    }

    void aChangedKeyIsFlaggedOnBothPathsUntilConfirmed() {
        Device alice(1, 11), bob(2, 22);
        const Chat first = open(alice, bob);
        QVERIFY(first.aliceChat);
        QVERIFY(!alice.keyChanged(first.aliceChat));
        // Bob's device gets a new identity (a reinstall); Alice opens another chat with it.
        QVERIFY(bob.write([](storage::WriteTransaction &tx) {
            return core::secret::resetIdentity(tx, 1'500'000);
        }));
        const Chat second = open(alice, bob);
        QVERIFY(second.aliceChat && second.aliceChat != first.aliceChat);
        QVERIFY(alice.keyChanged(second.aliceChat)); // the initiator's path
        QVERIFY(!alice.keyChanged(first.aliceChat));
        QVERIFY(!bob.keyChanged(second.bobChat)); // Alice's key did not change
        const QList<storage::MessageRecord> entries =
            test::messages(*alice.store, second.aliceChat);
        QCOMPARE(entries.size(), 1); // the service entry, nobody's
        QCOMPARE(entries[0].senderId, 0);
        QVERIFY(entries[0].text.contains(QLatin1String("safety number changed")));
        // Nothing is encrypted until Alice confirms; then it is.
        const qsizetype queued = alice.outbox().size();
        const auto refused = alice.send(second.aliceChat, QStringLiteral("too early"));
        QCOMPARE(refused.message.localId, 0);
        QCOMPARE(refused.refusal, core::secret::OutgoingText::Refusal::KeyChanged);
        QCOMPARE(alice.outbox().size(), queued);
        QCOMPARE(alice.confirm(second.aliceChat), core::secret::ConfirmOutcome::Confirmed);
        QCOMPARE(alice.confirm(second.aliceChat), core::secret::ConfirmOutcome::NothingToConfirm);
        QCOMPARE(alice.confirm(-999), core::secret::ConfirmOutcome::NoSuchChat);
        QVERIFY(alice.send(second.aliceChat, QStringLiteral("now")).message.localId);
        QVERIFY(!alice.keyChanged(second.aliceChat));
        // The responder's path: Bob's key changes again and HE opens a chat with Alice.
        QVERIFY(bob.write([](storage::WriteTransaction &tx) {
            return core::secret::resetIdentity(tx, 1'600'000);
        }));
        const Chat third = open(bob, alice); // here "aliceChat" is Bob's, "bobChat" Alice's
        QVERIFY(third.bobChat);
        QVERIFY(alice.keyChanged(third.bobChat));
        QVERIFY(!bob.keyChanged(third.aliceChat));
        alice.restart(); // the flag is stored
        QVERIFY(alice.keyChanged(third.bobChat));
    }

    void aTimedMessageExpiresOnBothSidesOnceReadAlsoAcrossRestarts() {
        Device alice(1, 11), bob(2, 22);
        const Chat c = open(alice, bob);
        QVERIFY(c.aliceChat);
        const auto set = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::setTimer(tx, c.aliceChat, 5'000, 6'000);
        });
        QVERIFY2(set.message.localId, qPrintable(set.error));
        const auto notAllowed = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::setTimer(tx, c.aliceChat, 7'000, 6'000);
        });
        QCOMPARE(notAllowed.message.localId, 0);
        const Received setting = bob.receiveNext(set.envelope.envelope, alice);
        QCOMPARE(setting.outcome, Received::Outcome::Stored);
        QCOMPARE(setting.message.senderId, 0); // a service entry on his side too
        QCOMPARE(bob.ttl(c.bobChat), 5'000);

        const auto sent = alice.send(c.aliceChat, QStringLiteral("burn after reading"));
        QVERIFY(sent.message.localId);
        const Received got = bob.receiveNext(sent.envelope.envelope, alice);
        QCOMPARE(got.outcome, Received::Outcome::Stored);
        QCOMPARE(got.message.text, QStringLiteral("burn after reading"));
        // Unread: no timer runs on either side, however late it is.
        QVERIFY(bob.purge(1'000'000'000'000).localIds.isEmpty());
        QVERIFY(alice.purge(1'000'000'000'000).localIds.isEmpty());

        // Bob reads it at 10 s: his copy goes at 15 s; his notice starts Alice's at its date.
        const core::secret::ReadResult read = bob.write([&](storage::WriteTransaction &tx) {
            return core::secret::markRead(tx, c.bobChat, got.message.serverId, 10'000);
        });
        QVERIFY(read.timersStarted);
        QVERIFY(read.notice.id);
        const Received notice = alice.receiveNext(read.notice.envelope, bob);
        QCOMPARE(notice.outcome, Received::Outcome::Control);
        QVERIFY(notice.timersStarted);
        // Reading again starts nothing and tells nothing.
        const core::secret::ReadResult again = bob.write([&](storage::WriteTransaction &tx) {
            return core::secret::markRead(tx, c.bobChat, got.message.serverId, 11'000);
        });
        QVERIFY(!again.timersStarted && !again.notice.id);

        alice.restart(); // the expiry is stored: a restart purges on time
        bob.restart();
        QVERIFY(bob.purge(14'999).localIds.isEmpty());
        const core::secret::Purged bobPurged = bob.purge(15'000);
        QCOMPARE(bobPurged.localIds, QList<qint64>{got.message.localId});
        QCOMPARE(bobPurged.chatIds, QList<qint64>{c.bobChat});
        const core::secret::Purged alicePurged = alice.purge(5'000 + 5'000); // notice date + 5 s
        QCOMPARE(alicePurged.localIds, QList<qint64>{sent.message.localId});
        for (Device *d : {&alice, &bob}) {
            const qint64 chat = d == &alice ? c.aliceChat : c.bobChat;
            QVERIFY(!d->texts(chat).contains(QStringLiteral("burn after reading")));
            QCOMPARE(d->texts(chat).size(), 1); // the timer's service entry stays
            QVERIFY(d->search(QStringLiteral("burn")).isEmpty());
            QCOMPARE(d->search(QStringLiteral("timer")).size(), 1);
            QVERIFY(d->purge(1'000'000'000'000).localIds.isEmpty());
        }
    }

    // A photo in a secret chat with a timer (docs/protocol.md §12.8): the sender's pending row,
    // upload and key in one job; once uploaded, the state, the message and the envelope; the
    // receiver stores the message, its attachment and the key with the ratchet. When the timer
    // runs out each device deletes the attachment rows, the key and the download's row with
    // the message, then the files: the decrypted cache file on the receiver, the temporary
    // ciphertext on the sender (left there as a crash before its deletion would).
    void aTimedFileGoesWithItsKeyAndFilesOnBothSides() {
        Device alice(1, 11), bob(2, 22);
        const Chat c = open(alice, bob);
        QVERIFY(c.aliceChat);
        const auto set = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::setTimer(tx, c.aliceChat, 5'000, 6'000);
        });
        QCOMPARE(bob.receiveNext(set.envelope.envelope, alice).outcome, Received::Outcome::Stored);

        const QString source = alice.dir.filePath(QStringLiteral("photo.jpg"));
        QFile plain(source);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write(QByteArray(150'000, 'p'));
        plain.close();
        QString error;
        const QString tempDir = core::secret::secretUploadDir(alice.dir.path());
        const std::optional<core::secret::SealedFile> sealed =
            core::secret::sealFileForUpload(source, tempDir, &error);
        QVERIFY2(sealed, qPrintable(error));
        QVERIFY(QFile::exists(sealed->tempPath));
        QCOMPARE(QFileInfo(sealed->tempPath).size(), sealed->digest.cipherSize);
        QCOMPARE(QFile(sealed->tempPath).permissions() &
                     (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        core::secret::SealedUpload upload;
        upload.attachment.kind = storage::AttachmentKind::Photo;
        upload.attachment.name = QStringLiteral("photo.jpg");
        upload.attachment.mime = QStringLiteral("image/jpeg");
        upload.attachment.size = sealed->digest.plainSize;
        upload.upload.localPath = sealed->tempPath;
        upload.upload.size = sealed->digest.cipherSize;
        upload.secret.key = sealed->key;
        upload.secret.header = sealed->header;
        upload.secret.plainSize = sealed->digest.plainSize;
        upload.secret.cipherSize = sealed->digest.cipherSize;
        upload.secret.cipherSha256 = sealed->digest.cipherSha256;
        upload.secret.tempPath = sealed->tempPath;
        const qsizetype queued = alice.outbox().size();
        const core::secret::PendingFile pending = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::storePendingFile(tx, c.aliceChat, QString(), upload, 77, 6'500);
        });
        QVERIFY2(pending.message.localId && pending.upload.id, qPrintable(pending.error));
        QVERIFY(pending.message.pending);
        QCOMPARE(alice.outbox().size(), queued); // nothing leaves before the upload finished

        const QString fileId = QStringLiteral("00112233445566778899aabbccddeeff");
        const core::secret::SentFile sent = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::sendUploadedFile(tx, pending.upload.id, fileId, 7'000);
        });
        QVERIFY(sent.found);
        QVERIFY2(sent.outgoing.message.localId, qPrintable(sent.outgoing.error));
        QCOMPARE(sent.outgoing.message.localId, pending.message.localId);
        QVERIFY(!sent.outgoing.message.pending);
        QCOMPARE(sent.outgoing.message.attachments.value(0).fileId, fileId);
        QCOMPARE(sent.tempPath, sealed->tempPath);
        QVERIFY(!alice
                     .write([&](storage::WriteTransaction &tx) {
                         return core::secret::sendUploadedFile(tx, pending.upload.id, fileId,
                                                               7'100);
                     })
                     .found); // sent once

        const Received got = bob.receiveNext(sent.outgoing.envelope.envelope, alice);
        QCOMPARE(got.outcome, Received::Outcome::Stored);
        QCOMPARE(got.message.attachments.size(), 1);
        const storage::AttachmentRecord &a = got.message.attachments.first();
        QCOMPARE(a.fileId, fileId);
        QCOMPARE(a.kind, storage::AttachmentKind::Photo);
        QCOMPARE(a.size, qint64{150'000});
        QCOMPARE(a.name, QStringLiteral("photo.jpg"));
        const auto bobsKey = test::read(*bob.store, [&](storage::ReadTransaction &tx) {
            return storage::SecretAttachmentsTable::byFileId(tx, fileId);
        });
        QVERIFY(bobsKey);
        QVERIFY(bobsKey->key == sealed->key);
        QCOMPARE(bobsKey->cipherSha256, sealed->digest.cipherSha256);
        // Sent as kind 7: no plaintext hash (a kind 5 would have brought one).
        QVERIFY(bobsKey->plainHash.isEmpty());
        // Bob's device downloaded and opened it into its media cache.
        const QString cacheDir = bob.dir.filePath(QStringLiteral("media-cache"));
        QVERIFY(QDir().mkpath(cacheDir));
        QFile cached(QDir(cacheDir).filePath(QStringLiteral("cachedphoto")));
        QVERIFY(cached.open(QIODevice::WriteOnly));
        cached.write("sealed bytes");
        cached.close();
        bob.write([&](storage::WriteTransaction &tx) {
            storage::DownloadRecord d;
            d.fileId = fileId;
            d.cacheName = QStringLiteral("cachedphoto");
            d.fileKey = QByteArray(32, 'k');
            d.state = storage::DownloadState::Done;
            return storage::DownloadsTable::insert(tx, d);
        });

        // Bob reads it: both timers start (long ago, in real time: they ran out already).
        const core::secret::ReadResult read = bob.write([&](storage::WriteTransaction &tx) {
            return core::secret::markRead(tx, c.bobChat, got.message.serverId, 10'000);
        });
        QVERIFY(read.notice.id);
        QCOMPARE(alice.receiveNext(read.notice.envelope, bob).outcome, Received::Outcome::Control);

        for (Device *d : {&bob, &alice}) {
            core::secret::SecretTimers timers(d->store.get());
            timers.setMediaCacheDir(d == &bob ? cacheDir : QString());
            QSignalSpy files(&timers, &core::secret::SecretTimers::filesExpired);
            timers.start();
            QVERIFY(files.wait());
            QCOMPARE(files.first().first().toStringList(), QStringList{fileId});
            QThreadPool::globalInstance()->waitForDone(); // the files' deletion
            const qint64 localId = d == &bob ? got.message.localId : sent.outgoing.message.localId;
            QVERIFY(!test::read(*d->store, [&](storage::ReadTransaction &tx) {
                return storage::SecretAttachmentsTable::byLocalId(tx, localId).has_value() ||
                       !storage::AttachmentsTable::load(tx, localId).isEmpty() ||
                       storage::DownloadsTable::findByFileId(tx, fileId).has_value() ||
                       storage::MessagesTable::load(tx, localId).has_value();
            }));
        }
        QVERIFY(!QFile::exists(cached.fileName()));
        QVERIFY(!QFile::exists(sealed->tempPath));
        QVERIFY(QFile::exists(source)); // the user's own file is never touched
    }

    //! Seal while uploading: the plan fixes the ciphertext's length before a byte is sealed; a
    //! seal cut off (an app kill) runs again from the plan into the same bytes; a changed
    //! source is refused; a cancel stops it at once. Only a finished seal leaves a file.
    void aSealCutOffIsSealedAgainIntoTheSameBytes() {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("film.bin"));
        QByteArray plain(3 * 1024 * 1024 + 12'345, Qt::Uninitialized);
        for (qsizetype i = 0; i < plain.size(); ++i)
            plain[i] = char((i * 131) ^ (i >> 9));
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(plain) == plain.size());
        file.close();
        QString error;
        const std::optional<core::secret::SealPlan> plan =
            core::secret::planSeal(source, core::secret::secretUploadDir(dir.path()), &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->cipherSize, crypto::secret::sealedSizeOf(plain.size()));
        QVERIFY(!QFile::exists(plan->tempPath)); // nothing written before the seal runs

        const std::atomic<bool> run{false};
        QList<qint64> reports;
        const core::secret::SealOutcome first = core::secret::sealPlanned(
            *plan, run, [&reports](qint64 bytes) { reports.append(bytes); });
        QCOMPARE(first.status, core::secret::SealStatus::Sealed);
        QCOMPARE(first.digest.cipherSize, plan->cipherSize);
        QCOMPARE(QFileInfo(plan->tempPath).size(), plan->cipherSize);
        // Reported after each flushed MiB, always less than the whole (announced by the caller).
        QCOMPARE(reports.size(), 3);
        for (qint64 bytes : reports)
            QVERIFY(bytes >= core::secret::kSealReportBytes && bytes < plan->cipherSize);
        QFile sealedFile(plan->tempPath);
        QVERIFY(sealedFile.open(QIODevice::ReadOnly));
        const QByteArray ciphertext = sealedFile.readAll();
        sealedFile.close();

        // Cut off mid-chunk by a kill: sealed again, the same bytes and the same hashes.
        QVERIFY(QFile::resize(plan->tempPath, 1'500'000));
        const core::secret::SealOutcome again =
            core::secret::sealPlanned(*plan, run, [](qint64) {});
        QCOMPARE(again.status, core::secret::SealStatus::Sealed);
        QCOMPARE(again.digest.cipherSha256, first.digest.cipherSha256);
        QVERIFY(sealedFile.open(QIODevice::ReadOnly));
        QVERIFY(sealedFile.readAll() == ciphertext);
        sealedFile.close();

        // The source's bytes changed under the same size and mtime: the sealed prefix no longer
        // matches, so it is refused (not sent as a mix) and the temporary file goes.
        const QDateTime mtime = QFileInfo(source).lastModified();
        QVERIFY(QFile::resize(plan->tempPath, 2'000'000));
        QVERIFY(file.open(QIODevice::ReadWrite) && file.seek(10) && file.write("X", 1) == 1);
        QVERIFY(file.flush() && file.setFileTime(mtime, QFileDevice::FileModificationTime));
        file.close();
        QCOMPARE(core::secret::sealPlanned(*plan, run, [](qint64) {}).status,
                 core::secret::SealStatus::SourceChanged);
        QVERIFY(!QFile::exists(plan->tempPath));
        // Another mtime: refused before a byte is read.
        QVERIFY(file.open(QIODevice::ReadWrite) && file.seek(10) && file.write("Y", 1) == 1);
        file.close();
        QCOMPARE(core::secret::sealPlanned(*plan, run, [](qint64) {}).status,
                 core::secret::SealStatus::SourceChanged);
        QVERIFY(!QFile::exists(plan->tempPath));

        // Cancelled after its first MiB: it stops at the next chunk and leaves no file.
        const std::optional<core::secret::SealPlan> next =
            core::secret::planSeal(source, core::secret::secretUploadDir(dir.path()), &error);
        QVERIFY(next);
        std::atomic<bool> stop{false};
        int cancelledReports = 0;
        const core::secret::SealOutcome cancelled =
            core::secret::sealPlanned(*next, stop, [&](qint64) {
                ++cancelledReports;
                stop = true;
            });
        QCOMPARE(cancelled.status, core::secret::SealStatus::Cancelled);
        QCOMPARE(cancelledReports, 1);
        QVERIFY(!QFile::exists(next->tempPath));
    }

    //! A pending file whose seal has not finished is not sent when its upload is done; the
    //! seal's end stores the hashes, and then it is sent, once.
    void aFileIsSentOnlyOnceItsSealFinished() {
        Device alice(1, 11), bob(2, 22);
        const Chat c = open(alice, bob);
        QVERIFY(c.aliceChat);
        const QString source = alice.dir.filePath(QStringLiteral("doc.txt"));
        QFile plain(source);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write(QByteArray(90'000, 'd'));
        plain.close();
        QString error;
        const std::optional<core::secret::SealPlan> plan =
            core::secret::planSeal(source, core::secret::secretUploadDir(alice.dir.path()), &error);
        QVERIFY2(plan, qPrintable(error));
        core::secret::SealedUpload upload;
        upload.attachment.kind = storage::AttachmentKind::File;
        upload.attachment.name = QStringLiteral("doc.txt");
        upload.attachment.size = plan->plainSize;
        upload.upload.localPath = plan->tempPath;
        upload.upload.size = plan->cipherSize;
        upload.secret.key = plan->key;
        upload.secret.header = plan->header;
        upload.secret.plainSize = plan->plainSize;
        upload.secret.cipherSize = plan->cipherSize;
        upload.secret.tempPath = plan->tempPath;
        const core::secret::SealSource sealSource{plan->sourcePath, plan->plainSize,
                                                  plan->sourceMtimeMs};
        const core::secret::PendingFile pending = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::storePendingSealing(tx, c.aliceChat, QString(), upload, sealSource,
                                                     78, 6'500);
        });
        QVERIFY2(pending.message.localId, qPrintable(pending.error));
        QVERIFY(test::read(*alice.store, [&](storage::ReadTransaction &tx) {
            return storage::UploadsTable::growingIds(tx).contains(pending.upload.id);
        }));
        const auto unsealed = test::read(*alice.store, [](storage::ReadTransaction &tx) {
            return storage::SecretSealsTable::unsealed(tx);
        });
        QCOMPARE(unsealed.size(), 1);
        QCOMPARE(unsealed.first().sourcePath, plan->sourcePath);
        QVERIFY(unsealed.first().key == plan->key);

        const QString fileId = QStringLiteral("0123456789abcdef0123456789abcdef");
        QVERIFY(!alice
                     .write([&](storage::WriteTransaction &tx) {
                         return core::secret::sendUploadedFile(tx, pending.upload.id, fileId,
                                                               7'000);
                     })
                     .found); // the hashes are not known yet

        const std::atomic<bool> run{false};
        const core::secret::SealOutcome sealed =
            core::secret::sealPlanned(*plan, run, [](qint64) {});
        QCOMPARE(sealed.status, core::secret::SealStatus::Sealed);
        const core::secret::SealStored stored = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::storeSealed(tx, pending.upload.id, sealed.digest,
                                             sealed.tempMtimeMs);
        });
        QVERIFY(stored.found);
        QVERIFY(test::read(*alice.store, [](storage::ReadTransaction &tx) {
            return storage::SecretSealsTable::unsealed(tx).isEmpty() &&
                   storage::UploadsTable::growingIds(tx).isEmpty();
        }));
        const core::secret::SentFile sent = alice.write([&](storage::WriteTransaction &tx) {
            return core::secret::sendUploadedFile(tx, pending.upload.id, fileId, 7'100);
        });
        QVERIFY(sent.found);
        QVERIFY2(sent.outgoing.message.localId, qPrintable(sent.outgoing.error));
        const Received got = bob.receiveNext(sent.outgoing.envelope.envelope, alice);
        QCOMPARE(got.outcome, Received::Outcome::Stored);
        const auto bobsKey = test::read(*bob.store, [&](storage::ReadTransaction &tx) {
            return storage::SecretAttachmentsTable::byFileId(tx, fileId);
        });
        QVERIFY(bobsKey);
        QCOMPARE(bobsKey->cipherSha256, sealed.digest.cipherSha256);
        QVERIFY(bobsKey->plainHash.isEmpty()); // kind 7: the seal computed none, none was sent
        QFile::remove(plan->tempPath);
    }

    //! A file from an older sender (§12.8 kind 5: with the plaintext's BLAKE2b-256) is still
    //! stored, and Bob's download still checks the hash: the right one opens to the file, a
    //! wrong one is refused and nothing of the plaintext is kept. The ciphertext is sealed by
    //! the real seal; the payload goes through the real ratchet; the opening is the download's.
    void anOlderSendersHashedFileIsStoredAndItsHashChecked() {
        Device alice(1, 11), bob(2, 22);
        const Chat c = open(alice, bob);
        QVERIFY(c.aliceChat);
        QByteArray plainBytes;
        for (int i = 0; plainBytes.size() < 200'000; ++i)
            plainBytes += QByteArray::number(i) + ' ';
        const QString source = alice.dir.filePath(QStringLiteral("old.txt"));
        QFile plain(source);
        QVERIFY(plain.open(QIODevice::WriteOnly) && plain.write(plainBytes) == plainBytes.size());
        plain.close();
        QString error;
        const std::optional<core::secret::SealedFile> sealed = core::secret::sealFileForUpload(
            source, core::secret::secretUploadDir(alice.dir.path()), &error);
        QVERIFY2(sealed, qPrintable(error));
        QFile cipherFile(sealed->tempPath);
        QVERIFY(cipherFile.open(QIODevice::ReadOnly));
        const QByteArray cipher = cipherFile.readAll();
        cipherFile.close();
        QByteArray blake(32, Qt::Uninitialized);
        crypto_generichash(reinterpret_cast<unsigned char *>(blake.data()), 32,
                           reinterpret_cast<const unsigned char *>(plainBytes.constData()),
                           size_t(plainBytes.size()), nullptr, 0);
        QByteArray wrongBlake = blake;
        wrongBlake[31] = char(wrongBlake[31] ^ 0x01);

        const crypto::SecureBytes cacheKey = crypto::SecureBytes::random(32);
        const QString cacheDir = bob.dir.filePath(QStringLiteral("media-cache"));
        QVERIFY(QDir().mkpath(cacheDir));
        struct Case {
            QString fileId;
            QByteArray hash;
            bool opens;
        };
        for (const Case &k :
             {Case{QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), blake, true},
              Case{QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), wrongBlake, false}}) {
            core::secret::SecretPayload payload;
            payload.kind = core::secret::SecretPayload::Kind::HashedFile;
            core::secret::SecretFile f;
            f.kind = quint8(storage::AttachmentKind::File);
            f.fileId = k.fileId;
            f.key = sealed->key;
            f.header = sealed->header;
            f.plainSize = sealed->digest.plainSize;
            f.plainHash = k.hash;
            f.cipherSha256 = sealed->digest.cipherSha256;
            f.name = QStringLiteral("old.txt");
            f.mime = QStringLiteral("text/plain");
            payload.file = f;
            const QByteArray envelope = alice.write([&](storage::WriteTransaction &tx) {
                std::optional<storage::SecretSessionRow> row =
                    storage::SecretTable::session(tx, c.aliceChat);
                QString sealError;
                bool damaged = false;
                return row ? core::secret::sealForPeer(tx, *row, payload, &sealError, &damaged)
                                 .value_or(QByteArray())
                           : QByteArray();
            });
            QVERIFY(!envelope.isEmpty());
            const Received got = bob.receiveNext(envelope, alice);
            QCOMPARE(got.outcome, Received::Outcome::Stored);
            QCOMPARE(got.message.attachments.value(0).fileId, k.fileId);
            QCOMPARE(got.message.attachments.value(0).size, qint64(plainBytes.size()));
            const auto key = test::read(*bob.store, [&](storage::ReadTransaction &tx) {
                return core::secretDownloadKeyFor(tx, k.fileId);
            });
            QVERIFY(key);
            QCOMPARE(key->plainHash, k.hash);

            // The downloaded ciphertext, as the download leaves it in the media cache.
            const QString sealedPath =
                QDir(cacheDir).filePath(k.fileId + QStringLiteral(".sealed"));
            core::CacheError cacheError = core::CacheError::Io;
            std::optional<core::CacheWriter> writer =
                core::CacheWriter::create(sealedPath, cacheKey, &cacheError);
            QVERIFY(writer && writer->append(cipher) && writer->finish());
            writer.reset();
            const QString plainPath = QDir(cacheDir).filePath(k.fileId + QStringLiteral(".plain"));
            QString openError;
            const std::optional<core::OpenedSecretCache> opened =
                core::openSecretCache(sealedPath, cacheKey, *key, plainPath, &openError);
            if (k.opens) {
                QVERIFY2(opened, qPrintable(openError));
                QByteArray back;
                QVERIFY(!core::readCacheFile(plainPath, opened->key, [&](QByteArrayView chunk) {
                    back += chunk;
                    return true;
                }));
                QCOMPARE(back, plainBytes);
            } else {
                QVERIFY(!opened);
                QVERIFY2(openError.contains(QStringLiteral("HashMismatch")), qPrintable(openError));
                QVERIFY(!QFile::exists(plainPath));
            }
        }
        QFile::remove(sealed->tempPath);
    }
};

QTEST_GUILESS_MAIN(TstSecretWrites)
#include "tst_secret_writes.moc"
