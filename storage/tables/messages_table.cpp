#include "storage/tables/messages_table.h"

#include "storage/message_order.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/id_lists.h"

#include <QStringList>
#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

namespace msgr::storage {
namespace {

//! A pending reply's quote until the server's copy replaces it (kMaxReplyExcerptChars there).
constexpr qsizetype kPendingExcerptChars = 200;

//! The column list recordFromRow() reads, in its order.
#define MSGR_MESSAGE_COLUMNS                                                                       \
    "local_id, IFNULL(server_id, 0), chat_id, sender_id, date, text, IFNULL(random_id, 0), "       \
    "pending, failed, sort_key, edited_at, reply_to_id, reply_sender_id, reply_excerpt, "          \
    "forward_sender_id, forward_sender_name, forward_date, action_kind, action_user_ids, "         \
    "action_title"

// An unknown number (a newer version's kind) shows as an ordinary, empty message.
ActionKind actionKindFromColumn(qint64 value) {
    if (value < qint64(ActionKind::GroupCreated) || value > qint64(ActionKind::PhotoRemoved))
        return ActionKind::None;
    return ActionKind(int(value));
}

// Older rows hold 1 for any refusal; an unknown number (from a newer version) is a refusal too.
SendFailure failureFromColumn(qint64 value) {
    if (value <= 0)
        return SendFailure::None;
    if (value > qint64(SendFailure::PeerDeviceGone))
        return SendFailure::Refused;
    return SendFailure(int(value));
}

MessageRecord recordFromRow(const sql::Statement &row) {
    MessageRecord r;
    r.localId = row.int64(0);
    r.serverId = row.int64(1);
    r.chatId = row.int64(2);
    r.senderId = row.int64(3);
    r.date = row.int64(4);
    r.text = row.text(5);
    r.randomId = row.int64(6);
    r.pending = row.int64(7) != 0;
    r.failure = failureFromColumn(row.int64(8));
    r.sortKey = row.int64(9);
    r.editedAt = row.int64(10);
    r.replyToId = row.int64(11);
    r.replySenderId = row.int64(12);
    r.replyExcerpt = row.text(13);
    r.forwardSenderId = row.int64(14);
    r.forwardSenderName = row.text(15);
    r.forwardDate = row.int64(16);
    r.actionKind = actionKindFromColumn(row.int64(17));
    if (r.actionKind != ActionKind::None) {
        r.actionUserIds = id_lists::parsed(row.text(18)); // schema 24
        r.actionTitle = row.text(19);
    }
    return r;
}

//! Binds the reply's and forward's columns (schema 18) at `first`..`first` + 5.
void bindQuoteColumns(sql::Statement &stmt, int first, const MessageRecord &record) {
    stmt.bind(first, record.replyToId)
        .bind(first + 1, record.replySenderId)
        .bind(first + 2, record.replyExcerpt)
        .bind(first + 3, record.forwardSenderId)
        .bind(first + 4, record.forwardSenderName)
        .bind(first + 5, record.forwardDate);
}

std::optional<qint64> sortKeyOfRow(ReadTransaction &tx, qint64 localId) {
    auto &stmt = tx.db().cached("SELECT sort_key FROM messages WHERE local_id = ?1");
    if (!stmt.bind(1, localId).next())
        return std::nullopt;
    return stmt.int64(0);
}

} // namespace

std::optional<qint64> MessagesTable::findSent(ReadTransaction &tx, qint64 chatId, qint64 serverId) {
    auto &stmt =
        tx.db().cached("SELECT local_id FROM messages WHERE chat_id = ?1 AND server_id = ?2");
    if (stmt.bind(1, chatId).bind(2, serverId).next())
        return stmt.int64(0);
    return std::nullopt;
}

std::optional<MessageRecord> MessagesTable::findByRandomId(ReadTransaction &tx, qint64 randomId) {
    if (randomId == 0)
        return std::nullopt;
    auto &stmt =
        tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE random_id = ?1");
    if (!stmt.bind(1, randomId).next())
        return std::nullopt;
    MessageRecord record = recordFromRow(stmt);
    record.attachments = AttachmentsTable::load(tx, record.localId);
    return record;
}

MessageRecord MessagesTable::insertSent(WriteTransaction &tx, MessageRecord record) {
    record.pending = false;
    record.failure = SendFailure::None;
    record.sortKey = sentSortKey(record.serverId);
    auto &insert = tx.db().cached(
        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, random_id, pending, "
        "sort_key, edited_at, reply_to_id, reply_sender_id, reply_excerpt, forward_sender_id, "
        "forward_sender_name, forward_date, action_kind, action_user_ids, action_title) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    bindQuoteColumns(insert, 9, record);
    insert.bind(15, qint64(record.actionKind))
        .bind(16, id_lists::joined(record.actionUserIds))
        .bind(17, record.actionTitle);
    tx.must(insert.bind(1, record.serverId)
                .bind(2, record.chatId)
                .bind(3, record.senderId)
                .bind(4, record.date)
                .bind(5, record.text)
                .bindIdOrNull(6, record.randomId)
                .bind(7, record.sortKey)
                .bind(8, record.editedAt)
                .run(),
            "insert message");
    record.localId = tx.db().lastInsertRowId();
    if (!record.attachments.isEmpty())
        AttachmentsTable::store(tx, record.localId, record.attachments);
    tx.queueForIndex(record.localId, record.text);
    tx.noteMessageInserted(record);
    return record;
}

MessageRecord MessagesTable::adoptPending(WriteTransaction &tx, qint64 localId,
                                          MessageRecord sent) {
    // The update trigger removes the old text from the index: queued texts must be in it first.
    tx.indexQueuedTexts();
    sent.localId = localId;
    sent.pending = false;
    sent.failure = SendFailure::None;
    sent.sortKey = sentSortKey(sent.serverId);
    auto &stmt = tx.db().cached(
        "UPDATE messages SET server_id = ?1, chat_id = ?2, sender_id = ?3, date = ?4, "
        "text = ?5, pending = 0, failed = 0, sort_key = ?6, edited_at = ?8, reply_to_id = ?9, "
        "reply_sender_id = ?10, reply_excerpt = ?11, forward_sender_id = ?12, "
        "forward_sender_name = ?13, forward_date = ?14 WHERE local_id = ?7");
    bindQuoteColumns(stmt, 9, sent);
    tx.must(stmt.bind(1, sent.serverId)
                .bind(2, sent.chatId)
                .bind(3, sent.senderId)
                .bind(4, sent.date)
                .bind(5, sent.text)
                .bind(6, sent.sortKey)
                .bind(7, localId)
                .bind(8, sent.editedAt)
                .run(),
            "mark pending as sent");
    // The server's attachments carry the file ids; the thumbnail made here is kept when the
    // server's copy has none (same file, same order).
    const QList<AttachmentRecord> mine = AttachmentsTable::load(tx, localId);
    for (qsizetype i = 0; i < sent.attachments.size() && i < mine.size(); ++i)
        if (sent.attachments[i].thumbnail.isEmpty() && sent.attachments[i].fileId == mine[i].fileId)
            sent.attachments[i].thumbnail = mine[i].thumbnail;
    AttachmentsTable::store(tx, localId, sent.attachments);
    tx.noteMessageUpdated(sent);
    return sent;
}

MessageRecord MessagesTable::insertPending(WriteTransaction &tx, qint64 chatId, qint64 senderId,
                                           const QString &text, qint64 randomId, qint64 date,
                                           const QList<AttachmentRecord> &attachments,
                                           qint64 replyToId) {
    if (auto existing = findByRandomId(tx, randomId))
        return *existing; // enqueued before: one row per random id
    MessageRecord record;
    // The row id is chosen here so the sort key (which needs it) is written in the same INSERT.
    record.localId = tx.db().queryInt("SELECT IFNULL(max(local_id), 0) + 1 FROM messages;", -1);
    tx.must(record.localId > 0, "choose local id");
    record.chatId = chatId;
    record.senderId = senderId;
    record.date = date;
    record.text = text;
    record.randomId = randomId;
    record.pending = true;
    record.sortKey = pendingSortKey(record.localId);
    if (replyToId > 0) {
        record.replyToId = replyToId;
        const std::optional<qint64> quotedRow = findSent(tx, chatId, replyToId);
        if (const auto quoted = quotedRow ? load(tx, *quotedRow) : std::nullopt) {
            record.replySenderId = quoted->senderId;
            record.replyExcerpt = quoted->text.left(kPendingExcerptChars);
        }
    }
    auto &insert = tx.db().cached(
        "INSERT INTO messages(local_id, server_id, chat_id, sender_id, date, text, random_id, "
        "pending, sort_key, reply_to_id, reply_sender_id, reply_excerpt, forward_sender_id, "
        "forward_sender_name, forward_date) "
        "VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    bindQuoteColumns(insert, 8, record);
    tx.must(insert.bind(1, record.localId)
                .bind(2, chatId)
                .bind(3, senderId)
                .bind(4, date)
                .bind(5, text)
                .bindIdOrNull(6, randomId)
                .bind(7, record.sortKey)
                .run(),
            "insert pending");
    if (!attachments.isEmpty()) {
        AttachmentsTable::store(tx, record.localId, attachments);
        record.attachments = AttachmentsTable::load(tx, record.localId);
    }
    tx.queueForIndex(record.localId, text);
    tx.noteMessageInserted(record);
    return record;
}

void MessagesTable::markFailed(WriteTransaction &tx, qint64 localId, SendFailure reason) {
    const int code = reason == SendFailure::None ? int(SendFailure::Refused) : int(reason);
    tx.must(tx.db()
                .cached("UPDATE messages SET failed = ?2 WHERE local_id = ?1 AND pending != 0")
                .bind(1, localId)
                .bind(2, code)
                .run(),
            "mark failed");
    if (tx.db().changes() == 0)
        return;
    // The bubble shows the reason, and the chat list shows the state of its last message.
    if (const auto message = load(tx, localId)) {
        tx.noteMessageUpdated(*message);
        tx.noteChatChanged(message->chatId);
    }
}

std::optional<MessageRecord> MessagesTable::clearFailed(WriteTransaction &tx, qint64 localId) {
    tx.must(tx.db()
                .cached("UPDATE messages SET failed = 0 WHERE local_id = ?1 AND pending != 0 "
                        "AND failed != 0")
                .bind(1, localId)
                .run(),
            "clear failed");
    if (tx.db().changes() == 0)
        return std::nullopt;
    auto message = load(tx, localId);
    if (message) {
        tx.noteMessageUpdated(*message);
        tx.noteChatChanged(message->chatId);
    }
    return message;
}

std::optional<qint64> MessagesTable::removePending(WriteTransaction &tx, qint64 localId) {
    auto &chat =
        tx.db().cached("SELECT chat_id FROM messages WHERE local_id = ?1 AND pending != 0");
    if (!chat.bind(1, localId).next())
        return std::nullopt;
    const qint64 chatId = chat.int64(0);
    // The delete trigger removes the text from the index: queued texts must be in it first.
    tx.indexQueuedTexts();
    AttachmentsTable::remove(tx, localId);
    tx.must(tx.db()
                .cached("DELETE FROM messages WHERE local_id = ?1 AND pending != 0")
                .bind(1, localId)
                .run(),
            "remove pending");
    tx.noteMessageRemoved(localId);
    return chatId;
}

std::optional<MessageRecord> MessagesTable::load(ReadTransaction &tx, qint64 localId) {
    auto &stmt =
        tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE local_id = ?1");
    if (!stmt.bind(1, localId).next())
        return std::nullopt;
    MessageRecord record = recordFromRow(stmt);
    record.attachments = AttachmentsTable::load(tx, record.localId);
    return record;
}

QList<MessageRecord> MessagesTable::page(ReadTransaction &tx, qint64 chatId, qint64 beforeLocalId,
                                         int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    qint64 before = std::numeric_limits<qint64>::max();
    if (beforeLocalId != 0) {
        const auto key = sortKeyOfRow(tx, beforeLocalId);
        if (!key)
            return {};
        before = *key;
    }
    QList<MessageRecord> out;
    auto &stmt = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                "AND sort_key < ?2 ORDER BY sort_key DESC LIMIT ?3");
    stmt.bind(1, chatId).bind(2, before).bind(3, limit);
    while (stmt.next())
        out.append(recordFromRow(stmt));
    std::reverse(out.begin(), out.end());
    AttachmentsTable::loadInto(tx, out);
    return out;
}

QList<MessageRecord> MessagesTable::around(ReadTransaction &tx, qint64 chatId, qint64 localId,
                                           int limit) {
    limit = std::clamp(limit, 0, kMaxPageSize);
    const auto key = sortKeyOfRow(tx, localId);
    if (!key || limit == 0)
        return {};
    QList<MessageRecord> newer;
    auto &after = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                 "AND sort_key > ?2 ORDER BY sort_key ASC LIMIT ?3");
    after.bind(1, chatId).bind(2, *key).bind(3, limit / 2);
    while (after.next())
        newer.append(recordFromRow(after));
    // The target and older ones fill the rest, so a window near the newest end is still full.
    QList<MessageRecord> out;
    auto &upTo = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ?1 "
                                "AND sort_key <= ?2 ORDER BY sort_key DESC LIMIT ?3");
    upTo.bind(1, chatId).bind(2, *key).bind(3, limit - newer.size());
    while (upTo.next())
        out.append(recordFromRow(upTo));
    std::reverse(out.begin(), out.end());
    out.append(newer);
    AttachmentsTable::loadInto(tx, out);
    return out;
}

QList<MessageRecord> MessagesTable::outbox(ReadTransaction &tx) {
    QList<MessageRecord> out;
    auto &stmt = tx.db().cached("SELECT " MSGR_MESSAGE_COLUMNS
                                " FROM messages WHERE pending != 0 ORDER BY local_id");
    while (stmt.next())
        out.append(recordFromRow(stmt));
    AttachmentsTable::loadInto(tx, out);
    return out;
}

QList<qint64> MessagesTable::failed(ReadTransaction &tx, qint64 chatId) {
    QList<qint64> out;
    auto &stmt = tx.db().cached("SELECT local_id FROM messages WHERE failed != 0 "
                                "AND (?1 = 0 OR chat_id = ?1) ORDER BY local_id");
    stmt.bind(1, chatId);
    while (stmt.next())
        out.append(stmt.int64(0));
    return out;
}

QString MessagesTable::ftsQueryFor(const QString &userText) {
    QStringList terms;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            terms.append(QLatin1Char('"') + word +
                         QStringLiteral("*\"")); // a quoted prefix: OR, NEAR stay words
        word.clear();
    };
    for (const QChar ch : userText.left(kMaxSearchQueryChars)) {
        if (ch.isLetterOrNumber())
            word.append(ch);
        else
            flush();
    }
    flush();
    return terms.join(QLatin1Char(' '));
}

namespace {

//! Rows (newest first) in which search also finds a word inside a longer word ("flow" in
//! "overflow"); older rows are found through the full-text index, by word prefix.
constexpr int kSubstringSearchRows = 5'000;

//! Where a row sits in the newest-first order of search results.
struct DatedRow {
    qint64 date = 0;
    qint64 localId = 0;
};

bool newerThan(const DatedRow &a, const DatedRow &b) {
    return a.date != b.date ? a.date > b.date : a.localId > b.localId;
}

//! Case folded one character at a time, so positions in the result are positions in `text`;
//! Latin letters also lose their diacritics ("Ö" is "o"), as the unicode61 tokenizer folds
//! them, so every row the index finds in the newest rows is found here too.
QString foldedSameLength(const QString &text) {
    QString out = text;
    for (QChar &ch : out) {
        const char16_t c = ch.unicode();
        if (c < 0x80) { // most text: no table lookup
            if (c >= u'A' && c <= u'Z')
                ch = QChar(char16_t(c + (u'a' - u'A')));
            continue;
        }
        ch = ch.toCaseFolded();
        // Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional.
        const bool latin =
            ch.unicode() < 0x250 || (ch.unicode() >= 0x1E00 && ch.unicode() < 0x1F00);
        if (latin && ch.decompositionTag() == QChar::Canonical)
            ch = ch.decomposition().at(0);
    }
    return out;
}

//! Every word occurs in `foldedText`, anywhere (the words are folded too).
bool containsAll(const QString &foldedText, const QStringList &foldedWords) {
    return std::all_of(foldedWords.cbegin(), foldedWords.cend(),
                       [&](const QString &word) { return foldedText.contains(word); });
}

//! Up to kSnippetWords words of `text` around the first match of a word (found as a substring,
//! else the text's start), with an ellipsis where it was cut.
QString snippetOf(const QString &text, const QStringList &foldedWords) {
    constexpr int kSnippetWords = 12;
    const QString folded = foldedSameLength(text);
    qsizetype at = -1;
    for (const QString &word : foldedWords) {
        at = folded.indexOf(word);
        if (at >= 0)
            break;
    }
    const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() <= kSnippetWords)
        return text.simplified();
    // The index of the word holding the match, counted in the text before it.
    const qsizetype matchWord =
        at < 0 ? 0
               : text.left(at).simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts).size() -
                     (at > 0 && !text.at(at - 1).isSpace() ? 1 : 0);
    const qsizetype first =
        std::clamp<qsizetype>(matchWord - kSnippetWords / 3, 0, words.size() - kSnippetWords);
    QString out = words.mid(first, kSnippetWords).join(QLatin1Char(' '));
    const QString ellipsis = QStringLiteral("\u2026");
    if (first > 0)
        out.prepend(ellipsis);
    if (first + kSnippetWords < words.size())
        out.append(ellipsis);
    return out;
}

//! The user's words, case folded, as ftsQueryFor() splits them.
QStringList foldedWordsOf(const QString &userText) {
    QStringList words;
    QString word;
    for (const QChar ch : userText.left(kMaxSearchQueryChars)) {
        if (ch.isLetterOrNumber()) {
            word.append(ch);
        } else if (!word.isEmpty()) {
            words.append(foldedSameLength(word));
            word.clear();
        }
    }
    if (!word.isEmpty())
        words.append(foldedSameLength(word));
    return words;
}

//! Of the sorted `ids`, the newest `limit` rows older than `boundary` (every row when
//! `boundary` is null), newest first. Either looks each id up, or walks the date index from
//! `boundary` towards older rows until enough ids were met, whichever reads fewer rows.
QList<DatedRow> newestOf(ReadTransaction &tx, const std::vector<qint64> &ids, int limit,
                         const std::optional<DatedRow> &boundary) {
    QList<DatedRow> out;
    if (ids.empty() || limit <= 0)
        return out;
    const qint64 rows = std::max<qint64>(1, tx.db().queryInt("SELECT max(local_id) FROM messages"));
    // A walk meets a hit every rows/ids.size() rows; an index entry costs less than a lookup.
    const double walkRows = double(limit) * double(rows) / double(ids.size());
    if (walkRows / 4 < double(ids.size())) {
        auto &walk = tx.db().cached("SELECT date, local_id FROM messages WHERE date <= ?1 "
                                    "ORDER BY date DESC, local_id DESC");
        walk.bind(1, boundary ? boundary->date : std::numeric_limits<qint64>::max());
        while (out.size() < limit && walk.next()) {
            const DatedRow row{walk.int64(0), walk.int64(1)};
            if ((!boundary || newerThan(*boundary, row)) &&
                std::binary_search(ids.cbegin(), ids.cend(), row.localId))
                out.append(row);
        }
        return out;
    }
    for (qint64 id : ids) {
        auto &date = tx.db().cached("SELECT date FROM messages WHERE local_id = ?1");
        if (!date.bind(1, id).next())
            continue;
        const DatedRow row{date.int64(0), id};
        if (!boundary || newerThan(*boundary, row))
            out.append(row);
    }
    const qsizetype keep = std::min<qsizetype>(limit, out.size());
    std::partial_sort(out.begin(), out.begin() + keep, out.end(), newerThan);
    out.resize(keep);
    return out;
}

} // namespace

QList<SearchHit> MessagesTable::search(ReadTransaction &tx, const QString &query, int limit) {
    limit = std::clamp(limit, 0, kMaxSearchResults);
    const QString match = ftsQueryFor(query);
    const QStringList words = foldedWordsOf(query);
    QList<SearchHit> out;
    if (match.isEmpty() || limit == 0)
        return out;
    // The newest rows first, by date (history fetched later has higher local ids than newer
    // messages, so local ids are not the order): a row matches when every word occurs in it,
    // also inside a word, which includes every row the index would find there. A common word
    // fills the page within the first few hundred rows, without the index and without sorting.
    auto &newest = tx.db().cached("SELECT date, local_id, chat_id, IFNULL(server_id, 0), text "
                                  "FROM messages ORDER BY date DESC, local_id DESC LIMIT ?1");
    newest.bind(1, kSubstringSearchRows);
    int walked = 0;
    std::optional<DatedRow> last;
    while (out.size() < limit && newest.next()) {
        ++walked;
        last = DatedRow{newest.int64(0), newest.int64(1)};
        const QString text = newest.text(4);
        if (containsAll(foldedSameLength(text), words))
            out.append(SearchHit{newest.int64(2), last->localId, newest.int64(3), last->date,
                                 snippetOf(text, words)});
    }
    if (out.size() == limit || walked < kSubstringSearchRows)
        return out; // the page is full, or every row was looked at
    // Every row the index finds (each word as a word prefix): ids only, no row is read.
    std::vector<qint64> ids;
    auto &indexed = tx.db().cached("SELECT docid FROM messages_fts WHERE messages_fts MATCH ?1");
    indexed.bind(1, match);
    while (indexed.next())
        ids.push_back(indexed.int64(0));
    std::sort(ids.begin(), ids.end());
    // Older rows: those the index found, newest first.
    for (const DatedRow &row : newestOf(tx, ids, limit - int(out.size()), last)) {
        auto &stmt = tx.db().cached(
            "SELECT chat_id, IFNULL(server_id, 0), text FROM messages WHERE local_id = ?1");
        if (stmt.bind(1, row.localId).next())
            out.append(SearchHit{stmt.int64(0), row.localId, stmt.int64(1), row.date,
                                 snippetOf(stmt.text(2), words)});
    }
    return out;
}

} // namespace msgr::storage
