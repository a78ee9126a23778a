#include "cli/chat_resolver.h"

#include "cli/headless_client.h"
#include "core/engine/sync_engine.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

#include <QRegularExpression>

namespace msgr::cli {
namespace {

//! The tag of this resolver's users.search answers (UserDirectory::usersFound carries it).
constexpr int kChatSearchTag = 0x4d434c49; // "MCLI"

} // namespace

ChatResolver::ChatResolver(HeadlessClient *client, int timeoutMs, QObject *parent)
    : QObject(parent), m_client(client), m_timeoutMs(timeoutMs) {}

void ChatResolver::resolve(const QString &target, Done done) {
    m_done = std::move(done);
    bool isNumber = false;
    const qint64 chatId = target.toLongLong(&isNumber);
    if (isNumber && chatId != 0) { // negative: a secret chat (storage/secret_chat_id.h)
        resolveChatId(chatId);
        return;
    }
    const QString username =
        (target.startsWith(QLatin1Char('@')) ? target.mid(1) : target).toLower();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (username.size() < protocol::kMinUsernameChars ||
        username.size() > protocol::kMaxUsernameChars || !valid.match(username).hasMatch()) {
        deliver({0, Usage, tr("\"%1\" is neither a chat id nor a username").arg(target)});
        return;
    }
    resolveUsername(username);
}

void ChatResolver::resolveChatId(qint64 chatId) {
    m_client->store()->read(
        [chatId](storage::ReadTransaction &tx) { return storage::ChatsTable::load(tx, chatId); },
        this,
        [this, chatId](const std::optional<storage::ChatRecord> &chat) {
            if (chat)
                deliver({chatId, Ok, {}});
            else
                deliver({0, NotFound, tr("this profile has no chat %1").arg(chatId)});
        });
}

void ChatResolver::resolveUsername(const QString &username) {
    // The private chats stored here, by their peer's username.
    m_client->store()->read(
        [username](storage::ReadTransaction &tx) -> qint64 {
            const QList<storage::ChatRecord> chats = storage::ChatsTable::loadAll(tx);
            QList<qint64> peers;
            for (const storage::ChatRecord &c : chats)
                if (c.kind == storage::ChatKind::Private && c.peerUserId &&
                    !storage::isSecretChatId(c.id)) // a secret chat only by its id
                    peers.append(c.peerUserId);
            for (const storage::UserRecord &u : storage::UsersTable::load(tx, peers)) {
                if (u.username != username)
                    continue;
                for (const storage::ChatRecord &c : chats)
                    if (c.kind == storage::ChatKind::Private && c.peerUserId == u.id &&
                        !storage::isSecretChatId(c.id))
                        return c.id;
            }
            return 0;
        },
        this,
        [this, username](qint64 chatId) {
            if (chatId)
                deliver({chatId, Ok, {}});
            else
                m_client->whenOnline(m_timeoutMs, [this, username] { searchServer(username); });
        });
}

void ChatResolver::searchServer(const QString &username) {
    core::SyncEngine *engine = m_client->engine();
    m_found = connect(engine, &core::SyncEngine::usersFound, this,
                      [this, engine, username](int tag, const QList<protocol::User> &users) {
                          if (tag != kChatSearchTag)
                              return;
                          disconnect(m_found);
                          // The server orders by username, so an exact match comes first; look at
                          // all anyway.
                          for (const protocol::User &u : users) {
                              if (u.username.compare(username, Qt::CaseInsensitive) != 0)
                                  continue;
                              m_opened = connect(engine, &core::SyncEngine::privateChatOpened, this,
                                                 [this](qint64 chatId) {
                                                     disconnect(m_opened);
                                                     deliver({chatId, Ok, {}});
                                                 });
                              engine->openPrivateChat(u.id);
                              return;
                          }
                          deliver({0, NotFound, tr("no user @%1").arg(username)});
                      });
    engine->searchUsers(kChatSearchTag, username);
}

void ChatResolver::deliver(const Result &result) {
    if (m_done)
        std::exchange(m_done, nullptr)(result);
}

} // namespace msgr::cli
