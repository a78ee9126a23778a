#include "core/sync/sync_engine.h"

#include "core/net/server_connection.h"
#include "core/net/wake_detector.h"
#include "core/sync/sync_writes.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/sync_state_table.h"

#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcSync, "msgr.core.sync")

namespace msgr::core {
namespace {

bool isRetryable(protocol::ErrorCode code) {
    return code == protocol::ErrorCode::Internal || code == protocol::ErrorCode::FloodWait;
}

int retryDelayMs(const protocol::Error &error) {
    return error.code == protocol::ErrorCode::FloodWait ? int(qMax<qint64>(error.retryAfterMs, 100))
                                                        : 1000;
}

} // namespace

SyncEngine::SyncEngine(storage::ProfileStore *store, Options options)
    : m_store(store), m_options(std::move(options)) {}

SyncEngine::~SyncEngine() = default;

// ---------------------------------------------------------------- entry points (any thread)

void SyncEngine::start() {
    QMetaObject::invokeMethod(this, [this] {
        setupOnThread();
        m_stopped = false;
        // Told at once, before any sign-in is attempted, so the UI can say why it cannot connect.
        const TransportSecurity security = classifyServerUrl(m_options.serverUrl, m_allowInsecure);
        if (!mayConnect(security))
            onRefused(security);
        // Refused messages stay pending in the store (they show as failed) but are never resent:
        // known before the outbox is read, so sendPending() skips them.
        m_store->read(
            [](storage::ReadTransaction &tx) { return storage::MessagesTable::failed(tx, 0); },
            this,
            [this](const QList<qint64> &failed) {
                for (qint64 localId : failed)
                    m_outboxKnown.insert(localId);
                m_store->read(
                    [](storage::ReadTransaction &tx) { return storage::MessagesTable::outbox(tx); },
                    this,
                    [this](const QList<storage::MessageRecord> &outbox) {
                        for (const storage::MessageRecord &record : outbox)
                            sendPending(record);
                    });
            });
        // Read marks made offline or unsent at the last quit: sent after connecting.
        m_store->read(
            [](storage::ReadTransaction &tx) { return storage::SyncStateTable::pendingReads(tx); },
            this,
            [this](const QHash<qint64, qint64> &reads) {
                for (auto it = reads.cbegin(); it != reads.cend(); ++it) {
                    qint64 &stored = m_pendingReads[it.key()];
                    stored = qMax(stored, it.value());
                }
                flushReads();
            });
        m_store->read([](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); },
                      this,
                      [this](std::optional<storage::AccountState> account) {
                          if (account && !account->token.isEmpty()) {
                              m_account = account;
                              m_sequencer.setLocalPts(account->pts);
                              emit signedIn(account->userId, account->username);
                              connectNow();
                          } else {
                              emit needsSignIn();
                          }
                      });
    });
}

void SyncEngine::shutdown() {
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_stopped = true;
            if (m_reconnectTimer) {
                m_reconnectTimer->stop();
                m_gapTimer->stop();
                m_idleTimer->stop();
            }
            if (m_connection)
                m_connection->abort();
        },
        thread() == QThread::currentThread() ? Qt::DirectConnection : Qt::BlockingQueuedConnection);
}

void SyncEngine::signUp(const QString &username, const QString &password,
                        const QString &displayName) {
    QMetaObject::invokeMethod(this, [=, this] {
        m_pendingAuth = PendingAuth{true, username, password, displayName};
        if (m_connection->isReady())
            authenticate();
        else
            connectNow();
    });
}

void SyncEngine::logIn(const QString &username, const QString &password) {
    QMetaObject::invokeMethod(this, [=, this] {
        m_pendingAuth = PendingAuth{false, username, password, {}};
        if (m_connection->isReady())
            authenticate();
        else
            connectNow();
    });
}

void SyncEngine::logOut() {
    QMetaObject::invokeMethod(this, [this] {
        if (m_authorized) {
            // The server answers, then closes with 4001, which signs us out below.
            m_connection->call(api::LogOut{}, this, [this](const api::Reply<api::Empty> &reply) {
                if (!reply.ok())
                    handleSignedOut();
            });
        } else {
            handleSignedOut();
        }
    });
}

void SyncEngine::sendPending(const storage::MessageRecord &record) {
    QMetaObject::invokeMethod(this, [this, record] {
        if (m_outboxKnown.contains(record.localId))
            return; // already queued (loadOutbox and a fresh send can race at start-up)
        m_outboxKnown.insert(record.localId);
        m_outbox[record.chatId].append(record);
        pumpOutbox(record.chatId);
    });
}

void SyncEngine::markRead(qint64 chatId, qint64 maxId) {
    QMetaObject::invokeMethod(this, [=, this] {
        m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
            storage::ChatsTable::raiseReadInbox(tx, chatId, maxId);
            storage::SyncStateTable::raisePendingRead(tx, chatId, maxId);
        });
        qint64 &stored = m_pendingReads[chatId];
        stored = qMax(stored, maxId);
        flushReads();
    });
}

void SyncEngine::searchUsers(int tag, const QString &query) {
    QMetaObject::invokeMethod(this, [=, this] {
        if (!m_authorized) {
            emit usersFound(tag, {});
            return;
        }
        m_connection->call(api::SearchUsers{query.left(protocol::kMaxUsernameChars), 20}, this,
                           [this, tag](const api::Reply<api::UsersResult> &reply) {
                               emit usersFound(tag, reply.ok() ? reply.value->users
                                                               : QList<protocol::User>{});
                           });
    });
}

void SyncEngine::refreshDevices() {
    QMetaObject::invokeMethod(this, [this] {
        if (!m_authorized)
            return;
        m_connection->call(api::ListDevices{}, this,
                           [this](const api::Reply<api::DevicesResult> &reply) {
                               if (reply.ok())
                                   emit devicesListed(reply.value->devices);
                           });
    });
}

void SyncEngine::revokeDevice(qint64 deviceId) {
    QMetaObject::invokeMethod(this, [=, this] {
        if (!m_authorized)
            return;
        m_connection->call(api::RevokeDevice{deviceId}, this,
                           [this](const api::Reply<api::Empty> &) { refreshDevices(); });
    });
}

void SyncEngine::openPrivateChat(qint64 userId) {
    QMetaObject::invokeMethod(this, [=, this] {
        if (!m_authorized)
            return;
        m_connection->call(api::OpenPrivateChat{userId}, this,
                           [this](const api::Reply<api::ChatResult> &reply) {
                               if (!reply.ok())
                                   return;
                               // The newChat update (if the chat is new) stores it; asking for
                               // the difference makes sure it is stored before we announce it.
                               const qint64 chatId = reply.value->chat.id;
                               fetchUsers(reply.value->chat.memberIds);
                               m_store->read(
                                   [chatId](storage::ReadTransaction &tx) {
                                       return storage::ChatsTable::load(tx, chatId);
                                   },
                                   this,
                                   [this, chatId](std::optional<storage::ChatRecord> chat) {
                                       if (chat) {
                                           emit privateChatOpened(chatId);
                                       } else {
                                           m_awaitedChat = chatId;
                                           startDifference();
                                       }
                                   });
                           });
    });
}

void SyncEngine::fetchHistory(qint64 chatId, qint64 beforeId, QObject *context,
                              std::function<void(bool stored)> done) {
    QPointer<QObject> receiver(context);
    auto deliver = [receiver, done = std::move(done)](bool stored) {
        if (QObject *r = receiver.data())
            QMetaObject::invokeMethod(
                r, [done, stored] { done(stored); }, Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(this, [=, this] {
        if (!m_authorized) {
            deliver(false);
            return;
        }
        m_connection->call(
            api::GetHistory{chatId, beforeId, kHistoryPageLimit}, this,
            [this, chatId, beforeId, deliver](const api::Reply<api::MessagesResult> &reply) {
                if (!reply.ok()) {
                    if (!reply.connectionLost)
                        qCWarning(lcSync) << "history of chat" << chatId
                                          << "refused:" << protocol::errorCodeName(reply.error.code)
                                          << reply.error.message;
                    deliver(false);
                    return;
                }
                const QList<protocol::Message> &page = reply.value->messages;
                // A page can be cut short by the 1 MiB frame cap: the server's `final` says
                // whether older messages remain (a short page alone does not).
                const bool complete = reply.value->final.value_or(page.size() < kHistoryPageLimit);
                QList<qint64> senders;
                qint64 maxIncoming = 0;
                for (const protocol::Message &m : page) {
                    senders.append(m.senderId);
                    if (m_account && m.senderId != m_account->userId)
                        maxIncoming = qMax(maxIncoming, m.id);
                }
                fetchUsers(senders);
                m_store->write(
                    [chatId, page, complete](storage::WriteTransaction &tx) {
                        SyncWrites::storeHistoryPage(tx, chatId, page, complete);
                    },
                    this,
                    [this, chatId, beforeId, maxIncoming, deliver] {
                        // The newest page of a chat the reload skipped:
                        // it is stored here now (delivery receipt).
                        if (beforeId == 0 && maxIncoming > 0 && m_authorized)
                            m_connection->call(api::MarkReceived{chatId, maxIncoming}, this,
                                               [](const api::Reply<api::Empty> &) {});
                        deliver(true);
                    });
            });
    });
}

void SyncEngine::resync(const QString &reason) {
    QMetaObject::invokeMethod(this, [=, this] {
        if (!m_account || m_stopped)
            return;
        qCInfo(lcSync) << "resync:" << reason;
        // After a sleep or a network change the old socket is often silently dead: start over.
        m_backoff.reset();
        if (m_connection->isReady())
            m_connection->abort(); // onClosed() reconnects
        else
            connectNow();
    });
}

// ---------------------------------------------------------------- connection life cycle

void SyncEngine::setAllowInsecureTransport(bool allow) {
    QMetaObject::invokeMethod(this, [this, allow] {
        if (m_allowInsecure == allow)
            return;
        m_allowInsecure = allow;
        if (!m_connection)
            return; // not started: start() applies it
        m_connection->setAllowInsecureTransport(allow);
        const TransportSecurity security = classifyServerUrl(m_options.serverUrl, allow);
        qCInfo(lcSync) << "unencrypted ws:// to another machine" << (allow ? "allowed" : "refused");
        if (!mayConnect(security)) {
            // Withdrawn while connected that way: drop the connection now, not at the next
            // reconnect. onClosed() then tries to reconnect and is refused.
            if (m_state != Connection::Refused && m_state != Connection::Offline)
                m_connection->abort();
            onRefused(security);
        } else if (m_state == Connection::Refused) {
            setConnection(Connection::Offline);
            m_backoff.reset();
            if (m_account)
                connectNow();
        }
    });
}

void SyncEngine::setupOnThread() {
    if (m_connection)
        return;
    m_connection = new ServerConnection(this);
    m_connection->setAllowInsecureTransport(m_allowInsecure);
    connect(m_connection, &ServerConnection::refused, this, &SyncEngine::onRefused);
    connect(m_connection, &ServerConnection::ready, this, &SyncEngine::onReady);
    connect(m_connection, &ServerConnection::closed, this, &SyncEngine::onClosed);
    connect(m_connection, &ServerConnection::updateReceived, this, &SyncEngine::onUpdate);

    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &SyncEngine::connectNow);

    m_gapTimer = new QTimer(this);
    m_gapTimer->setSingleShot(true);
    m_gapTimer->setInterval(kGapWaitMs);
    connect(m_gapTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcSync) << "gap after pts" << m_sequencer.localPts() << "not filled: difference";
        startDifference();
    });

    m_idleTimer = new QTimer(this);
    m_idleTimer->setSingleShot(true);
    m_idleTimer->setInterval(kIdleDifferenceMs);
    connect(m_idleTimer, &QTimer::timeout, this, &SyncEngine::startDifference);

    m_receiptTimer = new QTimer(this);
    m_receiptTimer->setSingleShot(true);
    m_receiptTimer->setInterval(kReceiptCoalesceMs);
    connect(m_receiptTimer, &QTimer::timeout, this, &SyncEngine::flushReceipts);

    m_wake = new WakeDetector(this);
    connect(m_wake, &WakeDetector::wokeUp, this,
            [this](qint64 ms) { resync(QStringLiteral("clock jumped %1 ms").arg(ms)); });

    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r == QNetworkInformation::Reachability::Online ||
                        r == QNetworkInformation::Reachability::Site)
                        resync(QStringLiteral("network reachable"));
                });
    } else {
        qCInfo(lcSync) << "no network-information backend: relying on keepalive and backoff";
    }
}

void SyncEngine::setConnection(Connection c) {
    if (m_state == c)
        return;
    m_state = c;
    emit connectionChanged(c);
}

void SyncEngine::connectNow() {
    if (m_stopped)
        return;
    m_reconnectTimer->stop();
    // ServerConnection refuses such an address too; checking here first keeps the state from
    // flickering through Connecting.
    const TransportSecurity security = classifyServerUrl(m_options.serverUrl, m_allowInsecure);
    if (!mayConnect(security)) {
        onRefused(security);
        return;
    }
    setConnection(Connection::Connecting);
    m_connection->open(m_options.serverUrl);
}

void SyncEngine::onRefused(TransportSecurity security) {
    m_reconnectTimer->stop();
    setConnection(Connection::Refused);
    if (m_pendingAuth) {
        m_pendingAuth.reset();
        emit authFailed(protocol::ErrorCode::Internal,
                        security == TransportSecurity::InsecureRefused
                            ? QStringLiteral("The server address is not encrypted (ws://); "
                                             "connecting to it was refused")
                            : QStringLiteral("The server address is not a ws:// or wss:// "
                                             "address"));
    }
}

void SyncEngine::scheduleReconnect() {
    if (m_stopped || !m_account || m_state == Connection::Refused)
        return;
    const int delay = qMax(m_backoff.nextDelayMs(), m_minReconnectDelayMs);
    m_minReconnectDelayMs = 0;
    qCInfo(lcSync) << "reconnecting in" << delay << "ms";
    m_reconnectTimer->start(delay);
}

void SyncEngine::onReady() {
    if (m_account || m_pendingAuth)
        authenticate();
}

void SyncEngine::authenticate() {
    if (m_pendingAuth) {
        const PendingAuth auth = *m_pendingAuth;
        auto done = [this](const api::Reply<api::AuthResult> &reply) {
            const std::optional<PendingAuth> requested = m_pendingAuth;
            m_pendingAuth.reset();
            if (!reply.ok()) {
                emit authFailed(reply.error.code, reply.connectionLost
                                                      ? QStringLiteral("Cannot reach the server")
                                                      : reply.error.message);
                return;
            }
            storage::AccountState account;
            account.userId = reply.value->userId;
            account.deviceId = reply.value->deviceId;
            account.token = reply.value->token;
            account.username = requested ? requested->username : QString();
            // pts 0: the reload below stores the real position with the chats it belongs to.
            account.pts = 0;
            m_account = account;
            m_store->write([account](storage::WriteTransaction &tx) {
                storage::AccountTable::save(tx, account);
            });
            emit signedIn(account.userId, account.username);
            onAuthorized(*reply.value, true);
        };
        if (auth.signUp)
            m_connection->call(
                api::SignUp{auth.username, auth.password, m_options.deviceName, auth.displayName},
                this, done);
        else
            m_connection->call(api::LogIn{auth.username, auth.password, m_options.deviceName}, this,
                               done);
        return;
    }
    if (!m_account)
        return;
    m_connection->call(
        api::Resume{m_account->token}, this, [this](const api::Reply<api::AuthResult> &reply) {
            if (reply.ok()) {
                onAuthorized(*reply.value, false);
            } else if (reply.error.code == protocol::ErrorCode::Unauthorized &&
                       !reply.connectionLost) {
                // Only the server's word that the token is unknown or revoked signs out (and
                // close code 4001, in onClosed()).
                qCInfo(lcSync) << "stored session is no longer valid";
                handleSignedOut();
            } else if (!reply.connectionLost) {
                // INTERNAL (e.g. the server could not read its store), FLOOD_WAIT, a malformed
                // answer, anything else: the token may well be valid. Keep it and try again on
                // a fresh connection, after the backoff (and at least what the server asked).
                qCInfo(lcSync) << "resume failed, keeping the session and retrying:"
                               << protocol::errorCodeName(reply.error.code) << reply.error.message;
                if (reply.error.code == protocol::ErrorCode::FloodWait)
                    m_minReconnectDelayMs = int(
                        std::clamp<qint64>(reply.error.retryAfterMs, 0, ReconnectBackoff::kMaxMs));
                m_connection->abort();
            }
        });
}

void SyncEngine::onAuthorized(const api::AuthResult &auth, bool freshLogIn) {
    m_authorized = true;
    m_backoff.reset();
    setConnection(Connection::Updating);
    fetchUsers({auth.userId}); // our own display name
    if (!m_pendingReceipts.isEmpty())
        m_receiptTimer->start(); // stored while the connection was down
    qCInfo(lcSync) << "signed in as user" << auth.userId << "server pts" << auth.pts << "local"
                   << m_sequencer.localPts();
    if (freshLogIn) {
        m_sequencer.setLocalPts(0);
        m_sequencer.clearHeld();
        m_syncing = true;
        reload([this](qint64 pts) { requestDifference(pts); });
    } else {
        startDifference();
    }
    pumpAllOutboxes();
    flushReads();
}

void SyncEngine::onClosed(int closeCode) {
    const bool wasAuthorized = m_authorized;
    m_authorized = false;
    m_syncing = false;
    m_gapTimer->stop();
    m_idleTimer->stop();
    m_outboxInFlight.clear();
    setConnection(Connection::Offline);
    if (closeCode == protocol::CloseRevoked) {
        handleSignedOut();
        return;
    }
    if (m_pendingAuth && !wasAuthorized) {
        m_pendingAuth.reset();
        emit authFailed(protocol::ErrorCode::Internal, QStringLiteral("Cannot reach the server"));
        return;
    }
    scheduleReconnect();
}

void SyncEngine::handleSignedOut() {
    const bool hadAccount = m_account.has_value();
    m_account.reset();
    m_authorized = false;
    m_reconnectTimer->stop();
    m_store->write([](storage::WriteTransaction &tx) { storage::AccountTable::clear(tx); });
    if (m_connection->isReady())
        m_connection->abort();
    if (hadAccount)
        emit signedOut();
}

// ---------------------------------------------------------------- updates

void SyncEngine::onUpdate(const protocol::UpdateFrame &frame) {
    if (!m_authorized)
        return;
    m_idleTimer->start();
    QString why;
    std::optional<protocol::Update> update = protocol::updateFromCbor(frame.update, &why);
    if (!update) {
        qCWarning(lcSync) << "malformed update at pts" << frame.pts << why;
        if (frame.pts > m_sequencer.localPts())
            startDifference(); // the log has it in a form we can retry
        return;
    }
    if (frame.pts == 0) {
        // Not part of the log: nothing to order, nothing to store a position for.
        applyLive({protocol::LoggedUpdate{0, *update}});
        return;
    }
    const PtsSequencer::Outcome outcome = m_sequencer.offer({frame.pts, *update});
    if (m_syncing)
        return; // held; the difference in flight decides
    switch (outcome) {
    case PtsSequencer::Outcome::Ignored:
        break;
    case PtsSequencer::Outcome::Apply:
        applyLive(m_sequencer.takeReady());
        if (m_sequencer.hasGap()) {
            if (!m_gapTimer->isActive())
                m_gapTimer->start();
        } else {
            m_gapTimer->stop();
        }
        break;
    case PtsSequencer::Outcome::Gap:
        if (!m_gapTimer->isActive())
            m_gapTimer->start();
        break;
    case PtsSequencer::Outcome::Overflow:
        startDifference();
        break;
    }
}

void SyncEngine::applyLive(const QList<protocol::LoggedUpdate> &ready) {
    if (ready.isEmpty())
        return;
    m_store->write([ready, pts = m_sequencer.localPts()](
                       storage::WriteTransaction &tx) { SyncWrites::applyUpdates(tx, ready, pts); },
                   this, [this, ready] { afterApplied(ready); });
}

void SyncEngine::startDifference() {
    if (!m_authorized || m_syncing)
        return;
    m_syncing = true;
    m_gapTimer->stop();
    setConnection(Connection::Updating);
    requestDifference(m_sequencer.localPts());
}

void SyncEngine::requestDifference(qint64 fromPts) {
    m_connection->call(api::GetDifference{fromPts, protocol::kMaxDifferenceSlice}, this,
                       [this, fromPts](const api::Reply<api::DifferenceResult> &reply) {
                           if (!reply.ok()) {
                               m_syncing = false;
                               if (reply.connectionLost)
                                   return; // a reconnect fetches it again
                               qCWarning(lcSync) << "getDifference failed:" << reply.error.message;
                               if (isRetryable(reply.error.code))
                                   QTimer::singleShot(retryDelayMs(reply.error), this,
                                                      &SyncEngine::startDifference);
                               return;
                           }
                           const api::DifferenceResult &diff = *reply.value;
                           if (diff.tooLong) {
                               qCInfo(lcSync)
                                   << "difference from" << fromPts << "too long: reloading";
                               reload([this](qint64 pts) { requestDifference(pts); });
                               return;
                           }
                           QList<protocol::LoggedUpdate> fresh;
                           for (const protocol::LoggedUpdate &u : diff.updates) {
                               if (u.pts > m_sequencer.localPts())
                                   fresh.append(u);
                           }
                           const qint64 newPts = qMax(diff.pts, m_sequencer.localPts());
                           const bool final = diff.final;
                           applyInSlices(std::move(fresh), newPts, [this, final, newPts] {
                               if (!m_authorized)
                                   return;
                               if (final)
                                   finishDifference();
                               else
                                   requestDifference(newPts);
                           });
                       });
}

void SyncEngine::applyInSlices(QList<protocol::LoggedUpdate> updates, qint64 finalPts,
                               std::function<void()> then) {
    // One transaction per slice, the next queued only when the previous committed: the GUI
    // receives several small change sets instead of one long one, and memory stays bounded.
    const qsizetype take = qMin<qsizetype>(kApplySliceSize, updates.size());
    QList<protocol::LoggedUpdate> slice = updates.mid(0, take);
    updates.remove(0, take);
    const qint64 slicePts = updates.isEmpty() ? finalPts : slice.last().pts;
    if (slice.isEmpty() && slicePts <= m_sequencer.localPts()) {
        then();
        return;
    }
    m_sequencer.setLocalPts(slicePts);
    m_store->write(
        [slice, slicePts](storage::WriteTransaction &tx) {
            SyncWrites::applyUpdates(tx, slice, slicePts);
        },
        this,
        [this, slice, rest = std::move(updates), finalPts, then = std::move(then)]() mutable {
            afterApplied(slice);
            if (rest.isEmpty())
                then();
            else
                applyInSlices(std::move(rest), finalPts, std::move(then));
        });
}

void SyncEngine::finishDifference() {
    m_syncing = false;
    // Live updates that arrived meanwhile: those the difference covered are gone already.
    applyLive(m_sequencer.takeReady());
    if (m_sequencer.hasGap())
        m_gapTimer->start();
    m_idleTimer->start();
    setConnection(Connection::Online);
    qCInfo(lcSync) << "up to date at pts" << m_sequencer.localPts();
    emit synced(m_sequencer.localPts());
}

void SyncEngine::reload(std::function<void(qint64 pts)> then) {
    m_connection->call(
        api::ListChats{}, this,
        [this, then = std::move(then)](const api::Reply<api::ChatsResult> &reply) {
            if (!reply.ok()) {
                m_syncing = false;
                if (!reply.connectionLost)
                    m_connection->abort(); // start over after a backoff
                return;
            }
            const QList<protocol::ChatSummary> chats = reply.value->chats;
            const qint64 pts = reply.value->pts;
            m_sequencer.setLocalPts(pts);
            QList<qint64> members;
            for (const protocol::ChatSummary &s : chats)
                members += s.chat.memberIds;
            fetchUsers(members);
            m_store->write(
                [chats, pts](storage::WriteTransaction &tx) {
                    SyncWrites::replaceChats(tx, chats, pts);
                },
                this,
                [this, chats, pts, then] {
                    for (qsizetype i = 0; i < chats.size() && i < kReloadHistoryChats; ++i) {
                        const qint64 chatId = chats[i].chat.id;
                        m_connection->call(
                            api::GetHistory{chatId, 0, kReloadHistoryLimit}, this,
                            [this, chatId](const api::Reply<api::MessagesResult> &history) {
                                if (!history.ok() || history.value->messages.isEmpty())
                                    return;
                                m_store->write([chatId, messages = history.value->messages](
                                                   storage::WriteTransaction &tx) {
                                    SyncWrites::storeHistoryPage(tx, chatId, messages, false);
                                });
                                qint64 maxIncoming = 0;
                                for (const protocol::Message &m : history.value->messages) {
                                    if (m_account && m.senderId != m_account->userId)
                                        maxIncoming = qMax(maxIncoming, m.id);
                                }
                                if (maxIncoming > 0)
                                    m_connection->call(api::MarkReceived{chatId, maxIncoming}, this,
                                                       [](const api::Reply<api::Empty> &) {});
                            });
                    }
                    then(pts);
                });
        });
}

void SyncEngine::afterApplied(const QList<protocol::LoggedUpdate> &updates) {
    // Delivery receipts: everything here is durably stored now.
    QHash<qint64, qint64> received;
    QList<qint64> users;
    for (const protocol::LoggedUpdate &u : updates) {
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&u.update)) {
            users.append(m->message.senderId);
            if (m_account && m->message.senderId != m_account->userId) {
                qint64 &max = received[m->message.chatId];
                max = qMax(max, m->message.id);
            }
        } else if (const auto *c = std::get_if<protocol::NewChatUpdate>(&u.update)) {
            users += c->chat.memberIds;
            if (c->chat.id == m_awaitedChat) {
                m_awaitedChat = 0;
                emit privateChatOpened(c->chat.id);
            }
        }
    }
    fetchUsers(users);
    for (auto it = received.cbegin(); it != received.cend(); ++it) {
        qint64 &max = m_pendingReceipts[it.key()];
        max = qMax(max, it.value());
    }
    if (!m_pendingReceipts.isEmpty() && !m_receiptTimer->isActive())
        m_receiptTimer->start();
}

void SyncEngine::flushReceipts() {
    if (!m_authorized)
        return; // kept: sent once the connection is back (the timer restarts on new messages)
    const QHash<qint64, qint64> receipts = std::exchange(m_pendingReceipts, {});
    for (auto it = receipts.cbegin(); it != receipts.cend(); ++it)
        m_connection->call(api::MarkReceived{it.key(), it.value()}, this,
                           [](const api::Reply<api::Empty> &) {});
}

void SyncEngine::fetchUsers(QList<qint64> ids) {
    QList<qint64> wanted;
    for (qint64 id : ids) {
        if (id > 0 && !m_requestedUsers.contains(id)) {
            m_requestedUsers.insert(id);
            wanted.append(id);
        }
    }
    if (!m_authorized) {
        for (qint64 id : wanted)
            m_requestedUsers.remove(id);
        return;
    }
    for (qsizetype i = 0; i < wanted.size(); i += protocol::kMaxUsersGet) {
        const QList<qint64> chunk = wanted.mid(i, protocol::kMaxUsersGet);
        m_connection->call(
            api::GetUsers{chunk}, this, [this, chunk](const api::Reply<api::UsersResult> &reply) {
                if (reply.ok()) {
                    m_store->write([users = reply.value->users](storage::WriteTransaction &tx) {
                        SyncWrites::storeUsers(tx, users);
                    });
                    emit usersStored();
                } else {
                    for (qint64 id : chunk)
                        m_requestedUsers.remove(id);
                }
            });
    }
}

// ---------------------------------------------------------------- outbox and read marks

void SyncEngine::pumpAllOutboxes() {
    const QList<qint64> chats = m_outbox.keys();
    for (qint64 chatId : chats)
        pumpOutbox(chatId);
}

void SyncEngine::pumpOutbox(qint64 chatId) {
    // One send in flight per chat keeps the chat's order; chats proceed independently.
    if (!m_authorized || m_outboxInFlight.contains(chatId))
        return;
    auto queue = m_outbox.find(chatId);
    if (queue == m_outbox.end() || queue->isEmpty())
        return;
    const storage::MessageRecord head = queue->first();
    m_outboxInFlight.insert(chatId);
    m_connection->call(
        api::SendMessage{chatId, head.randomId, head.text}, this,
        [this, chatId, head](const api::Reply<api::SendResult> &reply) {
            if (reply.connectionLost)
                return; // stays at the head; resent with the same randomId after reconnecting
            m_outboxInFlight.remove(chatId);
            auto chatQueue = m_outbox.find(chatId);
            if (reply.ok()) {
                m_store->write([message = reply.value->message](storage::WriteTransaction &tx) {
                    SyncWrites::storeMessage(tx, message, false);
                });
                if (chatQueue != m_outbox.end() && !chatQueue->isEmpty() &&
                    chatQueue->first().localId == head.localId)
                    chatQueue->removeFirst();
                emit messageSent(head.localId, reply.value->message.id);
                pumpOutbox(chatId);
                return;
            }
            if (isRetryable(reply.error.code)) {
                QTimer::singleShot(retryDelayMs(reply.error), this,
                                   [this, chatId] { pumpOutbox(chatId); });
                return;
            }
            qCWarning(lcSync) << "message" << head.localId
                              << "refused:" << protocol::errorCodeName(reply.error.code);
            if (chatQueue != m_outbox.end() && !chatQueue->isEmpty() &&
                chatQueue->first().localId == head.localId)
                chatQueue->removeFirst();
            m_store->write([localId = head.localId](storage::WriteTransaction &tx) {
                storage::MessagesTable::markFailed(tx, localId);
            });
            emit sendFailed(head.localId, reply.error.message);
            pumpOutbox(chatId);
        });
}

void SyncEngine::flushReads() {
    if (!m_authorized)
        return;
    const QHash<qint64, qint64> reads = m_pendingReads;
    for (auto it = reads.cbegin(); it != reads.cend(); ++it) {
        const qint64 chatId = it.key();
        const qint64 maxId = it.value();
        m_connection->call(api::MarkRead{chatId, maxId}, this,
                           [this, chatId, maxId](const api::Reply<api::PtsResult> &reply) {
                               if (reply.connectionLost)
                                   return; // sent again after reconnecting
                               if (!reply.ok() && isRetryable(reply.error.code))
                                   return; // stays pending: the next flush sends it
                               // Acknowledged, or refused for good (e.g. the chat is gone).
                               m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
                                   storage::SyncStateTable::clearPendingRead(tx, chatId, maxId);
                               });
                               if (m_pendingReads.value(chatId) == maxId)
                                   m_pendingReads.remove(chatId);
                           });
    }
}

} // namespace msgr::core
