#include "core/engine/sync_engine.h"

#include "core/channels/channel_synchronisers.h"
#include "core/comments/comment_service.h"
#include "core/connection/account_connection.h"
#include "core/contacts/contacts_sync.h"
#include "core/directory/device_directory.h"
#include "core/directory/private_chat_opener.h"
#include "core/directory/user_directory.h"
#include "core/drafts/draft_service.h"
#include "core/history/history_fetcher.h"
#include "core/message_actions/message_action_service.h"
#include "core/mutes/mute_service.h"
#include "core/outbox/outbox.h"
#include "core/pins/pin_service.h"
#include "core/presence/presence_relay.h"
#include "core/receipts/delivery_receipts.h"
#include "core/receipts/read_marks.h"
#include "core/secret/key_publisher.h"
#include "core/secret/secret_chat_service.h"
#include "core/sync/account_log.h"
#include "core/sync/log_synchroniser.h"
#include "core/typing/typing_relay.h"
#include "storage/context_lifeline.h"

#include <QThread>

namespace msgr::core {

SyncEngine::SyncEngine(storage::ProfileStore *store, Options options)
    : m_connection(new AccountConnection(
          store, {options.serverUrl, options.deviceName, options.firstReconnectDelayMs}, this)),
      m_accountLog(new AccountLog(m_connection, store, this)),
      m_accountSync(new LogSynchroniser(m_accountLog, this)) {
    // The account log is connected before the features below connect themselves: on
    // authorization its difference is asked for first, as the server's log comes first.
    connect(m_connection, &RequestChannel::authorized, m_accountSync,
            &LogSynchroniser::onAuthorized);
    m_outbox = new Outbox(m_connection, store, this);
    m_receipts = new DeliveryReceipts(m_connection, this);
    m_readMarks = new ReadMarks(m_connection, store, this);
    m_users = new UserDirectory(m_connection, store, this);
    m_devices = new DeviceDirectory(m_connection, this);
    m_chatOpener = new PrivateChatOpener(m_connection, store, m_accountSync, m_users, this);
    m_history = new HistoryFetcher(m_connection, store, m_receipts, m_users, this);
    m_pins = new PinService(m_connection, store, this);
    m_mutes = new MuteService(m_connection, store, this);
    m_messageActions = new MessageActionService(m_connection, this);
    m_keys = new KeyPublisher(m_connection, store, this);
    m_secret = new SecretChatService(m_connection, store, this);
    m_typing = new TypingRelay(m_connection, this);
    m_presence = new PresenceRelay(m_connection, this);
    m_drafts = new DraftService(m_connection, store, this);
    m_channelLogs = new ChannelSynchronisers(m_connection, store, this);
    m_channels = new ChannelService(m_connection, store, m_channelLogs, this);
    m_contacts = new ContactsService(m_connection, store, this);
    m_groups = new GroupService(m_connection, store, m_users, this);
    m_comments = new CommentService(m_connection, store, this);
    m_photos = new PhotoService(m_connection, store, this);
    m_channelLogs->setCommentStamps(m_comments->countStamps());
    wire();
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::wire() {
    AccountConnection *link = m_connection;
    connect(link, &RequestChannel::unauthorized, m_accountSync, &LogSynchroniser::onUnauthorized);
    // A channel's live entries (no account pts) go to its own log, the rest to the account's.
    connect(link, &RequestChannel::updateReceived, this, [this](const protocol::UpdateFrame &u) {
        if (m_comments->offer(u)) // a post's comment count (§22): no pts, no log
            return;
        if (!m_channelLogs->offer(u))
            m_accountSync->offer(u);
    });
    connect(m_channelLogs, &ChannelSynchronisers::channelSynced, this, &SyncEngine::channelSynced);
    connect(m_comments, &CommentService::postCommentsChanged, this,
            &SyncEngine::postCommentsChanged);
    qRegisterMetaType<msgr::core::CommentOutcome>(); // queued to the GUI thread
    connect(m_comments, &CommentService::commentWritten, this, &SyncEngine::commentWritten);
    connect(m_channelLogs, &ChannelSynchronisers::channelApplied, this,
            [this](qint64, const QList<protocol::LoggedUpdate> &updates) {
                for (const protocol::LoggedUpdate &u : updates)
                    if (const auto *c = std::get_if<protocol::ChannelChangedUpdate>(&u.update))
                        emit channelEdited(c->channel);
            });
    connect(m_accountSync, &LogSynchroniser::stalled, link, &AccountConnection::restart);
    connect(m_accountLog, &AccountLog::reloaded, this,
            [this](const QList<protocol::ChatSummary> &chats) {
                QList<qint64> members;
                for (const protocol::ChatSummary &s : chats)
                    members += s.chat.memberIds;
                m_users->fetch(members);
                m_history->fetchRecent(chats);
            });
    connect(m_accountSync, &LogSynchroniser::applied, this,
            [this](const QList<protocol::LoggedUpdate> &updates) {
                m_receipts->noteApplied(updates);
                m_users->fetchMentioned(updates);
                m_chatOpener->noteApplied(updates);
                m_channelLogs->noteAccountApplied(updates);
                if (ContactsSync::touchesContacts(updates))
                    emit contactsChanged();
            });

    connect(link, &AccountConnection::linkChanged, this, &SyncEngine::updateConnection);
    connect(m_accountSync, &LogSynchroniser::upToDateChanged, this, &SyncEngine::updateConnection);

    connect(link, &AccountConnection::needsSignIn, this, &SyncEngine::needsSignIn);
    connect(link, &AccountConnection::signedIn, this, &SyncEngine::signedIn);
    connect(link, &AccountConnection::signedOut, this, &SyncEngine::signedOut);
    connect(link, &AccountConnection::authFailed, this, &SyncEngine::authFailed);
    connect(link, &AccountConnection::reconnectScheduled, this, &SyncEngine::reconnectScheduled);
    connect(link, &AccountConnection::networkReachableChanged, this,
            &SyncEngine::networkReachableChanged);
    connect(link, &AccountConnection::proxyFailureChanged, this, &SyncEngine::proxyFailureChanged);
    connect(m_accountSync, &LogSynchroniser::synced, this, &SyncEngine::synced);
    connect(m_outbox, &Outbox::messageSent, this, &SyncEngine::messageSent);
    connect(m_outbox, &Outbox::sendFailed, this, &SyncEngine::sendFailed);
    connect(m_users, &UserDirectory::usersFound, this, &SyncEngine::usersFound);
    connect(m_users, &UserDirectory::usersStored, this, &SyncEngine::usersStored);
    connect(m_devices, &DeviceDirectory::devicesListed, this, &SyncEngine::devicesListed);
    connect(m_chatOpener, &PrivateChatOpener::opened, this, &SyncEngine::privateChatOpened);
    connect(m_pins, &PinService::pinRefused, this, &SyncEngine::pinRefused);
    connect(m_mutes, &MuteService::muteRefused, this, &SyncEngine::muteRefused);
    connect(m_typing, &TypingRelay::peerTyping, this, &SyncEngine::peerTyping);
    connect(m_typing, &TypingRelay::linkLost, this, &SyncEngine::typingLost);
    connect(m_presence, &PresenceRelay::statusReceived, this, &SyncEngine::userStatus);
    connect(m_presence, &PresenceRelay::linkLost, this, &SyncEngine::presenceLost);
    connect(m_presence, &PresenceRelay::linked, this, &SyncEngine::presenceLinked);
    connect(m_presence, &PresenceRelay::privacyLoaded, this, &SyncEngine::lastSeenPrivacyLoaded);
    connect(m_presence, &PresenceRelay::privacyRefused, this, &SyncEngine::lastSeenPrivacyRefused);
    connect(m_drafts, &DraftService::draftSent, this, &SyncEngine::draftSent);
    connect(m_drafts, &DraftService::draftRefused, this, &SyncEngine::draftRefused);
    connect(m_drafts, &DraftService::draftsFetched, this, &SyncEngine::draftsFetched);
    connect(m_contacts, &ContactsService::stored, this, &SyncEngine::contactsChanged);

    connect(m_secret, &SecretChatService::chatStarted, this, &SyncEngine::secretChatStarted);
    connect(m_secret, &SecretChatService::startFailed, this, &SyncEngine::secretChatFailed);
    connect(m_secret, &SecretChatService::messageSent, this, &SyncEngine::messageSent);
    connect(m_secret, &SecretChatService::sendFailed, this, &SyncEngine::sendFailed);
    connect(m_secret, &SecretChatService::timersStarted, this, &SyncEngine::secretTimersStarted);
    connect(m_secret, &SecretChatService::peersSeen, m_users,
            [this](const QList<qint64> &ids) { m_users->fetch(ids); });
    connect(m_secret, &SecretChatService::caughtUp, this, &SyncEngine::updateSecretReady);
    connect(m_keys, &KeyPublisher::published, this, &SyncEngine::updateSecretReady);
    connect(link, &RequestChannel::unauthorized, this, &SyncEngine::updateSecretReady);
}

void SyncEngine::updateSecretReady() {
    const bool ready = m_keys->isPublished() && m_secret->isCaughtUp();
    if (m_secretReady.exchange(ready) != ready && ready)
        emit secretReady();
}

void SyncEngine::updateConnection() {
    Connection state = Connection::Offline;
    switch (m_connection->link()) {
    case AccountConnection::Link::Offline:
        state = Connection::Offline;
        break;
    case AccountConnection::Link::Connecting:
        state = Connection::Connecting;
        break;
    case AccountConnection::Link::Refused:
        state = Connection::Refused;
        break;
    case AccountConnection::Link::Authorized:
        state = m_accountSync->isUpToDate() ? Connection::Online : Connection::Updating;
        break;
    }
    if (state == m_state)
        return;
    m_state = state;
    emit connectionChanged(state);
}

void SyncEngine::onThread(std::function<void()> work) {
    QMetaObject::invokeMethod(this, std::move(work));
}

// ---------------------------------------------------------------- entry points (any thread)

void SyncEngine::start() {
    onThread([this] {
        // Positions and queues are read before the stored session is: the store answers in
        // order, so they are known before the link can be authorized.
        m_accountSync->start();
        m_outbox->start();
        m_readMarks->start();
        m_connection->start();
    });
}

void SyncEngine::shutdown() {
    QMetaObject::invokeMethod(
        this, [this] { m_connection->shutdown(); },
        thread() == QThread::currentThread() ? Qt::DirectConnection : Qt::BlockingQueuedConnection);
}

void SyncEngine::signUp(const QString &username, const QString &password,
                        const QString &displayName) {
    onThread([=, this] { m_connection->signUp(username, password, displayName); });
}

void SyncEngine::logIn(const QString &username, const QString &password) {
    onThread([=, this] { m_connection->logIn(username, password); });
}

void SyncEngine::logOut() {
    onThread([this] { m_connection->logOut(); });
}

void SyncEngine::sendPending(const storage::MessageRecord &record) {
    onThread([this, record] { m_outbox->send(record); });
}

void SyncEngine::retryFailed(const storage::MessageRecord &record) {
    onThread([this, record] { m_outbox->retry(record); });
}

void SyncEngine::forgetPending(qint64 localId) {
    onThread([this, localId] { m_outbox->forget(localId); });
}

void SyncEngine::startSecretChat(qint64 userId, qint64 deviceId, int tag) {
    onThread([=, this] { m_secret->startChat(userId, deviceId, tag); });
}

void SyncEngine::relaySecret(const storage::SecretOutboxRow &row) {
    onThread([this, row] { m_secret->relay(row); });
}

void SyncEngine::markRead(qint64 chatId, qint64 maxId) {
    onThread([=, this] { m_readMarks->markRead(chatId, maxId); });
}

void SyncEngine::searchUsers(int tag, const QString &query) {
    onThread([=, this] { m_users->search(tag, query); });
}

void SyncEngine::refreshDevices() {
    onThread([this] { m_devices->refresh(); });
}

void SyncEngine::revokeDevice(qint64 deviceId) {
    onThread([=, this] { m_devices->revoke(deviceId); });
}

void SyncEngine::openPrivateChat(qint64 userId) {
    onThread([=, this] { m_chatOpener->open(userId); });
}

void SyncEngine::setChatPinned(qint64 chatId, bool pinned) {
    onThread([=, this] { m_pins->setPinned(chatId, pinned); });
}

void SyncEngine::setChatMuted(qint64 chatId, bool muted, qint64 forSeconds) {
    onThread([=, this] { m_mutes->setMuted(chatId, muted, forSeconds); });
}

void SyncEngine::inviteContact(const QString &username, QObject *context, ContactDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->invite(username, deliver); });
}

void SyncEngine::contactAct(ContactsService::Act act, qint64 userId, QObject *context,
                            ContactDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->act(act, userId, deliver); });
}

void SyncEngine::setUserBlocked(qint64 userId, bool blocked, QObject *context, ContactDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->setBlocked(userId, blocked, deliver); });
}

void SyncEngine::refreshContacts(QObject *context, ContactDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->refresh(deliver); });
}

void SyncEngine::findUser(const QString &username, QObject *context,
                          ContactsService::UserDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->findUser(username, deliver); });
}

void SyncEngine::getProfile(qint64 userId, QObject *context, ContactsService::ProfileDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->getProfile(userId, deliver); });
}

void SyncEngine::updateProfile(const ContactsService::ProfileEdit &edit, QObject *context,
                               ContactsService::ProfileDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_contacts->updateProfile(edit, deliver); });
}

void SyncEngine::setPhoto(PhotoTarget target, qint64 id, const protocol::Photo &photo,
                          QObject *context, PhotoService::Done done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_photos->setPhoto(target, id, photo, deliver); });
}

void SyncEngine::editMessage(qint64 chatId, qint64 messageId, const QString &text, QObject *context,
                             std::function<void(const QString &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_messageActions->edit(chatId, messageId, text, deliver); });
}

void SyncEngine::deleteMessages(qint64 chatId, const QList<qint64> &messageIds, bool forEveryone,
                                QObject *context, std::function<void(const QString &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_messageActions->remove(chatId, messageIds, forEveryone, deliver); });
}

void SyncEngine::pinMessage(qint64 chatId, qint64 messageId, bool pinned, QObject *context,
                            std::function<void(const QString &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_messageActions->pin(chatId, messageId, pinned, deliver); });
}

void SyncEngine::forwardMessages(qint64 fromChatId, const QList<qint64> &messageIds,
                                 qint64 toChatId, const QList<qint64> &randomIds, QObject *context,
                                 std::function<void(const QString &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] {
        m_messageActions->forward(fromChatId, messageIds, toChatId, randomIds, deliver);
    });
}

void SyncEngine::groupCall(const GroupRequest &request, QObject *context,
                           std::function<void(const GroupOutcome &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_groups->run(request, deliver); });
}

void SyncEngine::groupQuery(const GroupQuery &query, QObject *context,
                            std::function<void(const GroupAnswer &)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_groups->query(query, deliver); });
}

void SyncEngine::setTyping(qint64 chatId, bool typing) {
    onThread([=, this] { m_typing->send(chatId, typing); });
}

void SyncEngine::fetchPresence(const QList<qint64> &userIds) {
    onThread([=, this] { m_presence->fetch(userIds); });
}

void SyncEngine::setPresent(bool online) {
    onThread([=, this] { m_presence->setPresent(online); });
}

void SyncEngine::lastSeenPrivacy(qint64 selfId, const QString &privacyName) {
    onThread([=, this] {
        if (privacyName.isEmpty())
            return m_presence->loadPrivacy(selfId);
        if (const auto privacy = protocol::api::lastSeenPrivacyFromName(privacyName))
            m_presence->setPrivacy(*privacy);
    });
}

void SyncEngine::flushDrafts() {
    onThread([this] { m_drafts->flush(); });
}

void SyncEngine::fetchHistory(qint64 chatId, qint64 beforeId, QObject *context,
                              std::function<void(bool stored)> done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] {
        if (m_channelLogs->isTracked(chatId))
            m_channelLogs->fetchHistory(chatId, beforeId, deliver);
        else
            m_history->fetchPage(chatId, beforeId, deliver);
    });
}

void SyncEngine::resync(const QString &reason) {
    onThread([=, this] { m_connection->resync(reason); });
}

void SyncEngine::reconnectNow() {
    onThread([this] { m_connection->reconnectNow(); });
}

void SyncEngine::setAllowInsecureTransport(bool allow) {
    onThread([=, this] { m_connection->setAllowInsecureTransport(allow); });
}

void SyncEngine::setProxy(const ProxySettings &proxy) {
    onThread([=, this] { m_connection->setProxy(proxy); });
}

void SyncEngine::commentCall(const CommentRequest &request, QObject *context, CommentDone done) {
    CommentDone deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_comments->call(request, deliver); });
}

void SyncEngine::createChannel(const QString &title, const QString &about, const QString &name,
                               QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->create(title, about, name, deliver); });
}

void SyncEngine::searchChannels(const QString &query, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->search(query, deliver); });
}

void SyncEngine::getChannel(qint64 channelId, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->get(channelId, deliver); });
}

void SyncEngine::subscribeChannel(qint64 channelId, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->subscribe(channelId, deliver); });
}

void SyncEngine::unsubscribeChannel(qint64 channelId, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->unsubscribe(channelId, deliver); });
}

void SyncEngine::setChannelMuted(qint64 channelId, bool muted, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->setMuted(channelId, muted, deliver); });
}

void SyncEngine::postToChannel(qint64 channelId, const QString &text, QObject *context,
                               ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->post(channelId, text, deliver); });
}

void SyncEngine::channelHistory(qint64 channelId, qint64 beforeId, int limit, QObject *context,
                                ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->history(channelId, beforeId, limit, deliver); });
}

void SyncEngine::editChannel(qint64 channelId, const std::optional<QString> &title,
                             const std::optional<QString> &about, QObject *context,
                             ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->edit(channelId, title, about, deliver); });
}

void SyncEngine::setChannelRole(qint64 channelId, qint64 userId, bool admin, QObject *context,
                                ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->setRole(channelId, userId, admin, deliver); });
}

void SyncEngine::addChannelSubscribers(qint64 channelId, const QList<qint64> &userIds,
                                       QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->addSubscribers(channelId, userIds, deliver); });
}

void SyncEngine::createSupergroup(const QString &title, const QList<qint64> &userIds,
                                  QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->createSupergroup(title, userIds, deliver); });
}

void SyncEngine::removeSupergroupMember(qint64 chatId, qint64 userId, QObject *context,
                                        ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->removeSupergroupMember(chatId, userId, deliver); });
}

void SyncEngine::upgradeGroup(qint64 groupId, QObject *context, ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->upgradeGroup(groupId, deliver); });
}

void SyncEngine::supergroupMembers(qint64 chatId, qint64 afterUserId, QObject *context,
                                   ChannelDone done) {
    auto deliver = storage::deliverOnThreadOf(context, std::move(done));
    onThread([=, this] { m_channels->supergroupMembers(chatId, afterUserId, deliver); });
}

void SyncEngine::fetchUsers(const QList<qint64> &userIds) {
    onThread([=, this] { m_users->fetch(userIds); });
}

} // namespace msgr::core
