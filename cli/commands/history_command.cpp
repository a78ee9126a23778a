#include "cli/commands/history_command.h"

#include "cli/chat_resolver.h"
#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/message_format.h"
#include "cli/output.h"
#include "core/account/session.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/users_table.h"

#include <algorithm>

namespace msgr::cli {
namespace {

struct Page {
    QList<storage::MessageRecord> messages; // ascending
    QList<storage::UserRecord> users;
};

//! The newest `limit` messages of the chat, ascending, read in pages of the store's maximum.
Page newest(storage::ReadTransaction &tx, qint64 chatId, int limit) {
    Page out;
    qint64 before = 0;
    while (out.messages.size() < limit) {
        const int want = std::min(limit - int(out.messages.size()), storage::kMaxPageSize);
        QList<storage::MessageRecord> page = storage::MessagesTable::page(tx, chatId, before, want);
        if (page.isEmpty())
            break;
        const qsizetype got = page.size();
        before = page.first().localId;
        page.append(out.messages);
        out.messages = std::move(page);
        if (got < want)
            break;
    }
    QList<qint64> senders;
    for (const storage::MessageRecord &m : out.messages) {
        if (!senders.contains(m.senderId))
            senders.append(m.senderId);
        senders += m.actionUserIds; // the members a group's service message names
    }
    out.users = storage::UsersTable::load(tx, senders);
    return out;
}

} // namespace

void HistoryCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    m_resolver = new ChatResolver(m_env.client, timeoutMs(), this);
    m_resolver->resolve(m_env.options->arguments.at(0), [this](const ChatResolver::Result &r) {
        if (!r.chatId) {
            finish(r.code, r.message);
            return;
        }
        const qint64 chatId = r.chatId;
        m_env.client->whenOnline(
            timeoutMs(), [this, chatId] { read(chatId, Ok, true); },
            [this, chatId](ExitCode code, const QString &message) {
                m_env.output->warning(tr("%1; showing what this profile has stored").arg(message));
                read(chatId, code, false);
            });
    });
}

void HistoryCommand::read(qint64 chatId, ExitCode code, bool mayFetch) {
    const int limit = m_env.options->limit;
    m_env.client->store()->read(
        [chatId, limit](storage::ReadTransaction &tx) { return newest(tx, chatId, limit); }, this,
        [this, chatId, code, mayFetch, limit](const Page &page) {
            const int count = int(page.messages.size());
            // Fewer stored than asked for: one more page from the server, while pages come.
            // A secret chat's history is only here (storage/secret_chat_id.h).
            if (mayFetch && count < limit && count != m_lastCount &&
                !storage::isSecretChatId(chatId)) {
                m_lastCount = count;
                const qint64 oldest = page.messages.isEmpty() ? 0 : page.messages.first().serverId;
                armDeadline(tr("the server did not send the history in time"));
                m_env.client->engine()->fetchHistory(
                    chatId, oldest, this,
                    [this, chatId, code](bool stored) { read(chatId, code, stored); });
                return;
            }
            const UserIndex users = indexUsers(page.users);
            const qint64 self = m_env.client->session()->userId();
            for (const storage::MessageRecord &m : page.messages)
                m_env.output->result(messageLine(m, users, self), messageJson(m, users, self));
            finish(code);
        });
}

} // namespace msgr::cli
