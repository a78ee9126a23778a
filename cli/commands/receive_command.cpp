#include "cli/commands/receive_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/message_format.h"
#include "cli/output.h"
#include "core/account/session.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/users_table.h"

#include <QJsonArray>

#include <algorithm>

namespace msgr::cli {
namespace {

//! At most this many unread messages per chat are printed per drain (the rest the next one).
constexpr int kMaxPerChat = 10'000;

struct Unread {
    QList<storage::MessageRecord> messages; // every chat's, oldest first
    QList<storage::UserRecord> users;
};

//! The unread messages from others in every chat with unread ones, above what was printed.
Unread unreadFromOthers(storage::ReadTransaction &tx, qint64 self,
                        const QHash<qint64, qint64> &printed) {
    Unread out;
    QList<qint64> senders;
    for (const storage::ChatRecord &chat : storage::ChatsTable::loadAll(tx)) {
        if (chat.unreadCount <= 0)
            continue;
        const qint64 above = std::max(chat.readInboxMaxId, printed.value(chat.id));
        QList<storage::MessageRecord> chatUnread;
        qint64 before = 0;
        bool more = true;
        while (more && chatUnread.size() < kMaxPerChat) {
            const QList<storage::MessageRecord> page =
                storage::MessagesTable::page(tx, chat.id, before, storage::kMaxPageSize);
            more = page.size() == storage::kMaxPageSize;
            for (auto it = page.crbegin(); it != page.crend(); ++it) {
                if (!it->pending && it->serverId <= above) {
                    more = false;
                    break;
                }
                if (!it->pending && it->senderId != self)
                    chatUnread.prepend(*it);
            }
            if (!page.isEmpty())
                before = page.first().localId;
        }
        for (const storage::MessageRecord &m : chatUnread) {
            if (!senders.contains(m.senderId))
                senders.append(m.senderId);
            senders += m.actionUserIds; // the members a group's service message names
        }
        out.messages += chatUnread;
    }
    std::stable_sort(out.messages.begin(), out.messages.end(),
                     [](const storage::MessageRecord &a, const storage::MessageRecord &b) {
                         return a.date < b.date;
                     });
    out.users = storage::UsersTable::load(tx, senders);
    return out;
}

} // namespace

void ReceiveCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    core::Session *session = m_env.client->session();
    connect(session, &core::Session::stateChanged, this, [this, session] {
        if (session->state() == core::Session::SignedOut)
            finish(AccountState, tr("this device was signed out"));
    });
    connect(m_env.client->store(), &storage::ProfileStore::changed, this,
            &ReceiveCommand::onChanged);
    m_nameWait.setSingleShot(true);
    connect(&m_nameWait, &QTimer::timeout, this, &ReceiveCommand::drain);
    connect(m_env.client->engine(), &core::SyncEngine::usersStored, this, [this] {
        // Also while a drain reads: its answer may lack the names just stored.
        if (m_awaitingNames || m_draining) {
            m_nameWait.stop();
            drain();
        }
    });

    // Self-destructing secret messages that ran out while this runs: one line per purge.
    connect(m_env.client->context()->secretTimers(), &core::secret::SecretTimers::messagesExpired,
            this, [this](const QList<qint64> &localIds, const QList<qint64> &chatIds) {
                QJsonArray ids, chats;
                for (qint64 id : localIds)
                    ids.append(id);
                for (qint64 id : chatIds)
                    chats.append(id);
                m_env.output->result(
                    tr("%1 self-destructing message(s) expired").arg(localIds.size()),
                    {{QStringLiteral("expired"), ids}, {QStringLiteral("chatIds"), chats}});
            });
    if (m_env.options->once) {
        m_env.client->whenOnline(timeoutMs(), [this] {
            // Also the secret chats: every envelope queued for this device stored, and its keys
            // published (so a secret chat can start with it while it is offline).
            core::SyncEngine *engine = m_env.client->engine();
            const auto caughtUp = [this] {
                if (std::exchange(m_caughtUp, true))
                    return;
                drain();
            };
            connect(engine, &core::SyncEngine::secretReady, this, caughtUp);
            if (engine->isSecretReady())
                caughtUp();
            else
                armDeadline(tr("the secret chats did not catch up in time"));
        });
    } else if (m_env.options->timeoutGiven) {
        QTimer::singleShot(timeoutMs(), this, [this] { finish(Ok); });
    }
    drain(); // what earlier runs stored but nobody printed
}

void ReceiveCommand::onChanged(const storage::ChangeSet &changes) {
    const qint64 self = m_env.client->session()->userId();
    const bool fromOthers = std::any_of(
        changes.insertedMessages.cbegin(), changes.insertedMessages.cend(),
        [self](const storage::MessageRecord &m) { return !m.pending && m.senderId != self; });
    if (fromOthers || changes.reset)
        drain();
}

void ReceiveCommand::drain() {
    if (m_draining) {
        m_drainAgain = true;
        return;
    }
    m_draining = true;
    m_drainAgain = false;
    const qint64 self = m_env.client->session()->userId();
    m_env.client->store()->read(
        [self, printed = m_printed](storage::ReadTransaction &tx) {
            return unreadFromOthers(tx, self, printed);
        },
        this,
        [this, self](const Unread &unread) {
            const UserIndex users = indexUsers(unread.users);
            const bool namesMissing =
                std::any_of(unread.messages.cbegin(), unread.messages.cend(),
                            [&users](const storage::MessageRecord &m) {
                                // Sender 0: a secret chat's service entry (nobody's name to wait
                                // for).
                                return m.senderId != 0 && !users.contains(m.senderId);
                            });
            if (namesMissing && !m_awaitingNames) {
                m_awaitingNames = true;
                m_namesDeadline.setRemainingTime(kNameWaitMs);
            }
            if (namesMissing && !m_namesDeadline.hasExpired()) {
                // The engine fetches a new sender's name after storing the message: wait for
                // it, up to the deadline (usersStored or the timer start the next drain).
                m_draining = false;
                if (m_drainAgain)
                    drain(); // usersStored (or new messages) came while this one read
                else
                    m_nameWait.start(int(m_namesDeadline.remainingTime()));
                return;
            }
            m_awaitingNames = false;
            // A drain that started before the previous one printed may see the same rows.
            const QHash<qint64, qint64> printedBefore = m_printed;
            for (const storage::MessageRecord &m : unread.messages) {
                if (m.serverId <= printedBefore.value(m.chatId))
                    continue;
                m_env.output->result(messageLine(m, users, self), messageJson(m, users, self));
                m_printed.insert(m.chatId, std::max(m_printed.value(m.chatId), m.serverId));
            }
            for (auto it = m_printed.cbegin(); it != m_printed.cend(); ++it)
                if (it.value() > printedBefore.value(it.key()))
                    m_env.client->context()->markRead(it.key(), it.value());
            afterDrain();
        });
}

void ReceiveCommand::afterDrain() {
    m_draining = false;
    if (m_drainAgain) {
        drain();
        return;
    }
    if (m_caughtUp && !m_nameWait.isActive())
        finish(Ok);
}

} // namespace msgr::cli
