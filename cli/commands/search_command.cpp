#include "cli/commands/search_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "storage/profile_store.h"
#include "storage/tables/messages_table.h"

#include <algorithm>

namespace msgr::cli {

void SearchCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const QString query = m_env.options->arguments.at(0);
    if (query.size() > storage::kMaxSearchQueryChars ||
        storage::MessagesTable::ftsQueryFor(query).isEmpty()) {
        finish(Usage, tr("search takes 1 to %1 characters with at least one word")
                          .arg(storage::kMaxSearchQueryChars));
        return;
    }
    const int limit = std::min(m_env.options->limit, storage::kMaxSearchResults);
    m_env.client->store()->read(
        [query, limit](storage::ReadTransaction &tx) {
            return storage::MessagesTable::search(tx, query, limit);
        },
        this,
        [this](const QList<storage::SearchHit> &hits) {
            for (const storage::SearchHit &h : hits)
                m_env.output->result(
                    tr("chat %1, message %2: %3").arg(h.chatId).arg(h.serverId).arg(h.snippet),
                    {{QStringLiteral("chatId"), h.chatId},
                     {QStringLiteral("localId"), h.localId},
                     {QStringLiteral("id"), h.serverId},
                     {QStringLiteral("date"), h.date},
                     {QStringLiteral("snippet"), h.snippet}});
            finish(Ok);
        });
}

} // namespace msgr::cli
