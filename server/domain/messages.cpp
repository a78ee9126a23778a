#include "server/domain/messages.h"

#include "server/domain/attachment_checks.h"
#include "server/domain/blocking.h"
#include "server/domain/drafts.h"
#include "server/domain/replies.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include "protocol/preencoded.h"

#include <algorithm>
#include <limits>

namespace msgr::server::domain {

void Messages::appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                             qint64 now, std::function<void(StoreResult<AppendedMessage>)> done) {
    appendMessage(senderId, chatId, randomId, text, {}, now, std::move(done));
}

void Messages::appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                             const QList<protocol::Attachment> &attachments, qint64 now,
                             std::function<void(StoreResult<AppendedMessage>)> done) {
    appendMessage(senderId, chatId, randomId, text, attachments, 0, now, std::move(done));
}

void Messages::appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                             const QList<protocol::Attachment> &attachments, qint64 replyToId,
                             qint64 now, std::function<void(StoreResult<AppendedMessage>)> done) {
    writeUnit<AppendedMessage>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<AppendedMessage> {
            AppendedMessage appended;
            // The chat's kind, supergroup facts and members in one call: the writer keeps
            // them in memory, so a message reads them from SQLite only the first time.
            const std::optional<ChatRoster> roster = records.chatRoster(chatId);
            // A supergroup's messages go to its own log, whatever its size (§23).
            if (roster && roster->megagroup) {
                appended.toSupergroup = true;
                return appended;
            }
            // A retry (lost answer, reconnect, restart) gets the stored message back and
            // changes nothing, even if it names another chat. The message insert itself is
            // the check (unique (sender_id, random_id)); a send that would be refused looks
            // first, so a retry is answered alike whatever changed since.
            const auto duplicateOf = [&](AppendedMessage &into) {
                std::optional<protocol::Message> existing =
                    records.messageBySender(senderId, randomId);
                if (!existing)
                    return false;
                into = AppendedMessage{};
                into.message = std::move(*existing);
                into.encodedMessage = protocol::preencoded::message(into.message);
                into.duplicate = true;
                into.senderPts = UpdateLog::currentPts(records, senderId);
                return true;
            };
            // No such chat and not a member answer alike (visibility::membership).
            if (!roster || !std::binary_search(roster->memberIds.cbegin(), roster->memberIds.cend(),
                                               senderId)) {
                if (duplicateOf(appended))
                    return appended;
                return StoreError::NotFound;
            }
            if (const std::optional<qint64> to = roster->migratedTo) {
                if (duplicateOf(appended))
                    return appended;
                appended.refusal =
                    Refusal{protocol::ErrorCode::Forbidden,
                            QStringLiteral("the group was upgraded to the supergroup %1").arg(*to)};
                return appended;
            }
            appended.refusal = blocking::privateChatRefusal(records, *roster, senderId);
            if (appended.refusal) {
                duplicateOf(appended);
                return appended;
            }
            appended.refused = attachment_checks::firstRefused(records, senderId, attachments);
            if (appended.refused) {
                duplicateOf(appended);
                return appended;
            }
            appended.message =
                protocol::Message{0, chatId, senderId, now, text, randomId, attachments};
            if (replyToId > 0) {
                auto quoted = replies::quote(records, chatId, senderId, replyToId);
                if (auto *refusal = std::get_if<Refusal>(&quoted)) {
                    if (duplicateOf(appended))
                        return appended;
                    appended.refusal = std::move(*refusal);
                    return appended;
                }
                appended.message.replyTo = std::get<protocol::ReplyTo>(std::move(quoted));
            }
            const std::optional<qint64> id = records.insertMessageOnce(appended.message);
            if (!id) {
                duplicateOf(appended);
                return appended;
            }
            appended.message.id = *id;
            // Sending clears the sender's draft there, as Telegram does; logged before the
            // newMessage, so the pts the sender is answered is the last one of this unit.
            if (auto cleared = Drafts::clearOnSend(records, senderId, chatId, now))
                appended.updates.append(std::move(*cleared));
            // Two copies at most, each encoded once: the sender's (with its randomId) and the
            // one every other member sees (visibility::forViewer). Each member's log entry and
            // update frame, and the sender's answer, share those bytes.
            appended.encodedMessage = protocol::preencoded::message(appended.message);
            const QByteArray senderBody =
                protocol::preencoded::newMessageUpdate(appended.encodedMessage);
            std::optional<protocol::Message> othersCopy;
            QByteArray othersBody;
            // Every member's entry in one multi-row insert (appendLogEntries).
            QList<std::pair<qint64, QByteArray>> entries;
            entries.reserve(roster->memberIds.size());
            for (const qint64 memberId : roster->memberIds) {
                if (memberId == senderId) {
                    entries.append({memberId, senderBody});
                    continue;
                }
                if (!othersCopy) {
                    othersCopy = visibility::forViewer(appended.message, memberId);
                    othersBody = protocol::preencoded::newMessageUpdate(
                        protocol::preencoded::message(*othersCopy));
                }
                entries.append({memberId, othersBody});
            }
            const QList<qint64> ptsList = records.appendLogEntries(entries);
            appended.updates.reserve(appended.updates.size() + entries.size());
            for (qsizetype i = 0; i < entries.size(); ++i) {
                const qint64 memberId = entries[i].first;
                const bool isSender = memberId == senderId;
                appended.updates.append(UserUpdate{
                    memberId,
                    protocol::LoggedUpdate{
                        ptsList[i],
                        protocol::NewMessageUpdate{isSender ? appended.message : *othersCopy}},
                    entries[i].second});
                if (isSender)
                    appended.senderPts = ptsList[i];
            }
            return appended;
        },
        // Reads and writes through `records` only, and computes its answer: safe to run again.
        std::move(done), Store::Rerun::Allowed);
}

StoreResult<HistoryPage> Messages::history(qint64 userId, qint64 chatId, qint64 beforeId,
                                           int limit) {
    return readUnit<HistoryPage>(m_store, [&](RecordReader &records) -> StoreResult<HistoryPage> {
        if (!visibility::membership(records, chatId, userId))
            return StoreError::NotFound; // or no such chat: alike
        HistoryPage page;
        if (limit <= 0)
            return page;
        // One row past the page says whether older messages remain.
        // Without what the viewer deleted for themselves (docs/protocol.md §16).
        const QList<protocol::Message> newestFirst = records.messagesBeforeFor(
            userId, chatId, beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(),
            limit + 1);
        for (const protocol::Message &message : newestFirst) {
            if (page.messages.size() == limit) {
                page.more = true;
                break;
            }
            page.messages.append(visibility::forViewer(message, userId));
        }
        std::reverse(page.messages.begin(), page.messages.end());
        return page;
    });
}

} // namespace msgr::server::domain
