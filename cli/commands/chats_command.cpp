#include "cli/commands/chats_command.h"

#include "cli/headless_client.h"
#include "cli/message_format.h"
#include "cli/output.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

namespace msgr::cli {
namespace {

struct ChatList {
    QList<storage::ChatRecord> chats;
    QList<storage::UserRecord> users;
};

} // namespace

void ChatsCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    m_env.client->whenOnline(
        timeoutMs(), [this] { list(Ok); },
        [this](ExitCode code, const QString &message) {
            m_env.output->warning(tr("%1; showing what this profile has stored").arg(message));
            list(code);
        });
}

void ChatsCommand::list(ExitCode code) {
    m_env.client->store()->read(
        [](storage::ReadTransaction &tx) {
            ChatList out;
            out.chats = storage::ChatsTable::loadAll(tx);
            QList<qint64> peers;
            for (const storage::ChatRecord &c : out.chats)
                if (c.peerUserId)
                    peers.append(c.peerUserId);
            out.users = storage::UsersTable::load(tx, peers);
            return out;
        },
        this,
        [this, code](const ChatList &list) {
            const UserIndex users = indexUsers(list.users);
            for (const storage::ChatRecord &c : list.chats)
                m_env.output->result(chatLine(c, users), chatJson(c, users));
            finish(code);
        });
}

} // namespace msgr::cli
