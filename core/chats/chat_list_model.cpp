#include "core/chats/chat_list_model.h"

#include "core/context/core_context.h"
#include "core/sync/record_mapping.h"
#include "protocol/api/mutes.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

namespace msgr::core {
namespace {

//! What the chat list shows for the last message: its text, or what it carries.
QString lastTextOf(const storage::ChatRecord &c) {
    if (c.lastAttachmentKind < 0 || !c.lastText.isEmpty())
        return c.lastText;
    return ChatListModel::attachmentLabel(storage::AttachmentKind(c.lastAttachmentKind));
}

// Pinned chats first in their own order (as ChatsTable::loadAll), then newest activity first
// (the last message, or a draft written after it); ties by id so the order is total and stable.
bool before(const storage::ChatRecord &a, const storage::ChatRecord &b) {
    const bool aPinned = a.pinnedPosition >= 0, bPinned = b.pinnedPosition >= 0;
    if (aPinned != bPinned)
        return aPinned;
    if (aPinned && a.pinnedPosition != b.pinnedPosition)
        return a.pinnedPosition < b.pinnedPosition;
    if (a.activityDate() != b.activityDate())
        return a.activityDate() > b.activityDate();
    return a.id > b.id;
}
} // namespace

ChatListModel::ChatListModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent), m_context(context) {
    m_muteEnd.setSingleShot(true);
    connect(&m_muteEnd, &QTimer::timeout, this, &ChatListModel::onMuteEnded);
    connect(context->store(), &storage::ProfileStore::changed, this, &ChatListModel::onChanged,
            Qt::QueuedConnection);
    connect(context->userNames(), &UserNames::namesChanged, this,
            [this](const QSet<qint64> &userIds) {
                const auto [first, last] = UserNames::rowsShowing(
                    m_rows, userIds, [](const storage::ChatRecord &r) { return r.peerUserId; });
                if (first >= 0)
                    emit dataChanged(index(first), index(last), {TitleRole});
            });
}

void ChatListModel::load() {
    // The rows and their peers' names in one job: posted when the profile opens, it is the
    // first job on the storage thread, so the list has titles before the engine's start-up
    // loads (outbox, read marks, sync state) run, not after them.
    struct Loaded {
        QList<storage::ChatRecord> chats;
        QList<qint64> peerIds;
        QList<storage::UserRecord> peers;
    };
    m_context->store()->read(
        [](storage::ReadTransaction &tx) {
            Loaded loaded{storage::ChatsTable::loadAll(tx), {}, {}};
            for (const storage::ChatRecord &c : std::as_const(loaded.chats))
                if (c.peerUserId != 0)
                    loaded.peerIds.append(c.peerUserId);
            loaded.peers = storage::UsersTable::load(tx, loaded.peerIds);
            return loaded;
        },
        this,
        [this](const Loaded &loaded) {
            m_loaded = true;
            m_context->userNames()->remember(loaded.peerIds, loaded.peers);
            if (m_rows.isEmpty())
                insertAll(loaded.chats);
            else {
                removeMissing(loaded.chats);
                for (const storage::ChatRecord &c : loaded.chats)
                    upsert(c);
            }
        });
}

void ChatListModel::insertAll(QList<storage::ChatRecord> chats) {
    // The first load: one insert of the sorted rows instead of a search per row.
    if (chats.isEmpty())
        return;
    std::stable_sort(chats.begin(), chats.end(), before);
    beginInsertRows({}, 0, int(chats.size()) - 1);
    m_rows = std::move(chats);
    endInsertRows();
    refreshMuteState();
    bumpPhotoRevision(); // the header's photoUrlOf may find its chat now
}

void ChatListModel::onChanged(const storage::ChangeSet &changes) {
    if (!m_loaded)
        return;
    if (changes.reset) {
        load();
        return;
    }
    QList<qint64> ids = changes.changedChatIds;
    for (qint64 id : changes.chatsWithNewPositions) {
        if (!ids.contains(id))
            ids.append(id);
    }
    for (const storage::MessageRecord &m : changes.insertedMessages + changes.updatedMessages) {
        if (!ids.contains(m.chatId))
            ids.append(m.chatId);
    }
    for (qint64 id : ids) {
        m_context->store()->read(
            [id](storage::ReadTransaction &tx) { return storage::ChatsTable::load(tx, id); }, this,
            [this](std::optional<storage::ChatRecord> chat) {
                if (!chat)
                    return;
                upsert(*chat);
                if (chat->kind == storage::ChatKind::Private &&
                    m_context->userNames()->name(chat->peerUserId).isEmpty())
                    requestNames();
            });
    }
}

int ChatListModel::sortedPosition(const storage::ChatRecord &chat, int skipRow) const {
    int pos = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (row != skipRow && before(m_rows[row], chat))
            ++pos;
    }
    return pos;
}

void ChatListModel::upsert(const storage::ChatRecord &chat) {
    const int row = rowOfChat(chat.id);
    if (row < 0) {
        const int pos = sortedPosition(chat, -1);
        beginInsertRows({}, pos, pos);
        m_rows.insert(pos, chat);
        endInsertRows();
        refreshMuteState();
        if (!chat.photoFileId.isEmpty())
            bumpPhotoRevision();
        return;
    }
    const int pos = sortedPosition(chat, row); // position among the other rows
    if (pos != row) {
        beginMoveRows({}, row, row, {}, pos > row ? pos + 1 : pos);
        m_rows.move(row, pos);
        endMoveRows();
    }
    const bool photoChanged = m_rows[pos].photoFileId != chat.photoFileId;
    m_rows[pos] = chat;
    emit dataChanged(index(pos), index(pos));
    refreshMuteState();
    if (photoChanged)
        bumpPhotoRevision();
}

void ChatListModel::bumpPhotoRevision() {
    ++m_photoRevision;
    emit photoRevisionChanged();
}

void ChatListModel::removeMissing(const QList<storage::ChatRecord> &chats) {
    QSet<qint64> present;
    for (const storage::ChatRecord &c : chats)
        present.insert(c.id);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!present.contains(m_rows[row].id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    refreshMuteState();
}

void ChatListModel::refreshMuteState() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int total = 0;
    qint64 soonestEnd = 0;
    for (const storage::ChatRecord &c : std::as_const(m_rows)) {
        if (c.mutedUntil <= now) {
            total += c.unreadCount;
            continue;
        }
        if (c.mutedUntil < protocol::api::kMutedForever &&
            (soonestEnd == 0 || c.mutedUntil < soonestEnd))
            soonestEnd = c.mutedUntil;
    }
    if (total != m_unreadTotal) {
        m_unreadTotal = total;
        emit unreadTotalChanged();
    }
    if (soonestEnd == 0) {
        m_muteEnd.stop();
        return;
    }
    // At most a day at a time: QTimer takes an int of ms, and a suspended machine's timer is
    // late, so a long wait is re-measured against the clock when it fires.
    constexpr qint64 kMaxWaitMs = 24LL * 3600 * 1000;
    m_muteEnd.start(int(std::clamp<qint64>(soonestEnd - now + 1, 1, kMaxWaitMs)));
}

void ChatListModel::onMuteEnded() {
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1), {MutedRole});
    refreshMuteState();
}

bool ChatListModel::isMuted(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    return row >= 0 && m_rows[row].mutedUntil > QDateTime::currentMSecsSinceEpoch();
}

void ChatListModel::requestNames() {
    QList<qint64> ids;
    for (const storage::ChatRecord &c : std::as_const(m_rows)) {
        if (c.peerUserId != 0)
            ids.append(c.peerUserId);
    }
    m_context->userNames()->request(ids);
}

QString ChatListModel::attachmentLabel(storage::AttachmentKind kind) {
    switch (kind) {
    case storage::AttachmentKind::Photo:
        return tr("Photo");
    case storage::AttachmentKind::Video:
        return tr("Video");
    case storage::AttachmentKind::Voice:
        return tr("Voice message");
    case storage::AttachmentKind::Audio:
        return tr("Audio");
    case storage::AttachmentKind::File:
        break;
    }
    return tr("File");
}

double ChatListModel::chatAfter(double chatId, int steps) const {
    if (m_rows.isEmpty())
        return 0;
    const int row = rowOfChat(qint64(chatId));
    if (row < 0)
        return double(m_rows.first().id);
    const int count = int(m_rows.size());
    return double(m_rows.at(((row + steps) % count + count) % count).id);
}

QString ChatListModel::titleOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    return row < 0 ? QString() : data(index(row), TitleRole).toString();
}

QString ChatListModel::photoUrlOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    return row < 0 ? QString() : data(index(row), PhotoUrlRole).toString();
}

double ChatListModel::peerUserIdOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    if (row < 0 || m_rows[row].kind != storage::ChatKind::Private)
        return 0.0;
    const qint64 peer = m_rows[row].peerUserId;
    return m_context && peer == m_context->selfUserId() ? 0.0 : double(peer);
}

QList<double> ChatListModel::memberIdsOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    if (row < 0 || m_rows[row].kind != storage::ChatKind::Group)
        return {};
    QList<double> ids;
    ids.reserve(m_rows[row].memberIds.size());
    for (const qint64 id : m_rows[row].memberIds)
        ids.append(double(id));
    return ids;
}

double ChatListModel::pinnedMessageIdOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    return row < 0 ? 0 : double(m_rows[row].pinnedMessageId);
}

bool ChatListModel::mayPinMessagesIn(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    if (row < 0)
        return false;
    const storage::ChatRecord &chat = m_rows[row];
    switch (chat.kind) {
    case storage::ChatKind::Private:
        return true;
    case storage::ChatKind::Group:
        return chat.selfRole != storage::ChatRole::Member;
    case storage::ChatKind::Channel:
        return false;
    }
    return false;
}

QString ChatListModel::kindOf(double chatId) const {
    const int row = rowOfChat(qint64(chatId));
    return row < 0 ? QString() : data(index(row), KindRole).toString();
}

int ChatListModel::rowOfChat(qint64 chatId) const {
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].id == chatId)
            return row;
    }
    return -1;
}

int ChatListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChatListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::ChatRecord &c = m_rows[index.row()];
    switch (role) {
    case ChatIdRole:
        return c.id;
    case Qt::DisplayRole:
    case TitleRole:
        if (!c.title.isEmpty() || c.kind != storage::ChatKind::Private)
            return c.title;
        return m_context->userNames()->name(c.peerUserId);
    case LastTextRole:
        return lastTextOf(c);
    case LastDateRole:
        return c.lastDate > 0 ? QDateTime::fromMSecsSinceEpoch(c.lastDate) : QDateTime();
    case UnreadCountRole:
        return c.unreadCount;
    case LastOutgoingStateRole:
        return QVariant::fromValue(toMessageState(c.lastState));
    case PeerUserIdRole:
        return c.peerUserId;
    case KindRole:
        return protocol::chatKindName(toProtocolChatKind(c.kind)); // "private", "group"...
    case PinnedRole:
        return c.pinnedPosition >= 0;
    case IsSecretRole:
        return storage::isSecretChatId(c.id);
    case MutedRole:
        return c.mutedUntil > QDateTime::currentMSecsSinceEpoch();
    case PinnedMessageIdRole:
        return double(c.pinnedMessageId);
    case IsSupergroupRole:
        return c.megagroup;
    case PhotoUrlRole:
        return m_context->photoUrl(c.photoFileId);
    }
    return {};
}

QHash<int, QByteArray> ChatListModel::roleNames() const {
    return {{ChatIdRole, "chatId"},
            {TitleRole, "title"},
            {LastTextRole, "lastText"},
            {LastDateRole, "lastDate"},
            {UnreadCountRole, "unreadCount"},
            {LastOutgoingStateRole, "lastOutgoingState"},
            {PeerUserIdRole, "peerUserId"},
            {KindRole, "kind"},
            {PinnedRole, "pinned"},
            {IsSecretRole, "isSecret"},
            {MutedRole, "muted"},
            {PinnedMessageIdRole, "pinnedMessageId"},
            {IsSupergroupRole, "isSupergroup"},
            {PhotoUrlRole, "photoUrl"}};
}

} // namespace msgr::core
