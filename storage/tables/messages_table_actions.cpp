// MessagesTable's part for message actions (docs/protocol.md §16): applying the server's edits
// and deletions to the stored rows. The full-text index follows through the table's triggers.
#include "storage/tables/attachments_table.h"
#include "storage/tables/messages_table.h"

namespace msgr::storage {

std::optional<MessageRecord> MessagesTable::applyEdit(WriteTransaction &tx, qint64 chatId,
                                                      qint64 serverId, const QString &text,
                                                      qint64 editedAt) {
    const std::optional<qint64> localId = findSent(tx, chatId, serverId);
    if (!localId)
        return std::nullopt; // not stored here: the history page that brings it has the text
    // The update trigger removes the old text from the index: queued texts must be in it first.
    tx.indexQueuedTexts();
    auto &update = tx.db().cached("UPDATE messages SET text = ?1, edited_at = ?2 "
                                  "WHERE local_id = ?3 AND edited_at < ?2");
    tx.must(update.bind(1, text).bind(2, editedAt).bind(3, *localId).run(), "apply edit");
    if (tx.db().changes() == 0)
        return std::nullopt; // as new or newer already
    std::optional<MessageRecord> record = load(tx, *localId);
    tx.must(record.has_value(), "reload edited message");
    tx.noteMessageUpdated(*record);
    return record;
}

std::optional<MessageRecord> MessagesTable::removeSent(WriteTransaction &tx, qint64 chatId,
                                                       qint64 serverId) {
    const std::optional<qint64> localId = findSent(tx, chatId, serverId);
    if (!localId)
        return std::nullopt;
    std::optional<MessageRecord> record = load(tx, *localId);
    tx.must(record.has_value(), "load deleted message");
    // The delete trigger removes the text from the index: queued texts must be in it first.
    tx.indexQueuedTexts();
    const QStringList released = AttachmentsTable::removeReleasing(tx, *localId);
    tx.must(tx.db().cached("DELETE FROM messages WHERE local_id = ?1").bind(1, *localId).run(),
            "remove message");
    tx.noteMessageRemoved(*localId);
    for (const QString &fileId : released)
        tx.noteFileReleased(fileId); // its cached copy goes too (MediaService)
    return record;
}

} // namespace msgr::storage
