#include "core/messages/message_list_model.h"

#include "core/messages/attachment_kind_name.h"

#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/groups/service_message_text.h"
#include "core/media/media_service.h"
#include "core/media/voice_waveform.h"
#include "core/messages/attachment_sender.h"
#include "core/messages/long_text_split.h"
#include "core/messages/media_images.h"
#include "core/messages/send_failure_text.h"
#include "core/messages/thumbnail_images.h"
#include "protocol/limits.h"
#include "storage/delivery_state.h"
#include "storage/message_order.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/sync_state_table.h"

#include <QDateTime>
#include <QQmlEngine>
#include <QUrl>
#include <algorithm>
#include <limits>
#include <memory>

namespace msgr::core {
namespace {

using storage::bySortKey;
qint64 sortKey(const storage::MessageRecord &m) {
    return storage::sortKeyOf(m); // the one rule: storage/message_order.h
}

QString transferStateName(TransferState state) {
    switch (state) {
    case TransferState::Queued:
        return QStringLiteral("queued");
    case TransferState::Running:
        return QStringLiteral("running");
    case TransferState::Retrying:
        return QStringLiteral("retrying");
    case TransferState::Paused:
        return QStringLiteral("paused");
    case TransferState::Done:
        return QStringLiteral("done");
    case TransferState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

const QList<int> &transferRoles() {
    static const QList<int> roles = {MessageListModel::TransferStateRole,
                                     MessageListModel::TransferProgressRole,
                                     MessageListModel::ImageRole};
    return roles;
}

} // namespace

MessageListModel::MessageListModel(QObject *parent) : MessageListModel(nullptr, parent) {}

MessageListModel::MessageListModel(CoreContext *context, QObject *parent)
    : QAbstractListModel(parent) {
    attach(context);
}

void MessageListModel::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    if (m_context) {
        disconnect(m_context, nullptr, this, nullptr);
        disconnect(m_context->store(), nullptr, this, nullptr);
    }
    attach(context);
    emit contextChanged();
    reload();
}

void MessageListModel::attach(CoreContext *context) {
    m_context = context;
    if (!context)
        return;
    connect(context->store(), &storage::ProfileStore::changed, this, &MessageListModel::onChanged,
            Qt::QueuedConnection);
    connect(context->userNames(), &UserNames::namesChanged, this,
            [this](const QSet<qint64> &userIds) {
                const auto [first, last] = UserNames::rowsShowing(
                    m_rows, userIds, [](const storage::MessageRecord &r) { return r.senderId; });
                if (first >= 0)
                    emit dataChanged(
                        index(first), index(last),
                        {SenderNameRole, ReplySenderNameRole, ForwardedFromRole, ServiceTextRole});
                // A service message also names the members it added or removed.
                for (int row = 0; row < int(m_rows.size()); ++row)
                    for (const qint64 id : m_rows[row].actionUserIds)
                        if (userIds.contains(id)) {
                            emit dataChanged(index(row), index(row), {ServiceTextRole});
                            break;
                        }
            });
    connect(context, &CoreContext::online, this, [this] {
        if (!m_waitingForServer)
            return;
        m_waitingForServer = false;
        fetchMore({});
    });
    // A refused message is stored as failed with its reason, which reaches the row as an
    // update; a secret message is stored as sent before it is relayed, so a refused relay is
    // known from this signal only.
    connect(context, &CoreContext::sendFailed, this, [this](qint64 localId) {
        m_failed.insert(localId);
        if (const int row = rowOf(localId); row >= 0)
            emitRowChanged(row, {StateRole, FailureRole, RetryableRole});
    });
    attachMedia();
}

void MessageListModel::attachMedia() {
    MediaService *media = m_context ? m_context->media() : nullptr;
    if (QQmlEngine *engine = qmlEngine(this)) {
        ThumbnailImages::installInto(engine);
        MediaImages::installInto(engine, media);
    }
    if (!media)
        return;
    connect(media, &MediaService::uploadChanged, this, [this](const TransferProgress &p) {
        onTransferChanged([id = p.id](const storage::AttachmentRecord &a) {
            return a.uploadId == id && a.fileId.isEmpty();
        });
    });
    connect(media, &MediaService::downloadChanged, this, [this](const QString &fileId) {
        onTransferChanged(
            [fileId](const storage::AttachmentRecord &a) { return a.fileId == fileId; });
    });
    if (AttachmentSender *sender = m_context->attachmentSender())
        connect(sender, &AttachmentSender::refused, this,
                [this](const QString &, const QString &reason) { emit attachRefused(reason); });
}

void MessageListModel::onTransferChanged(
    const std::function<bool(const storage::AttachmentRecord &)> &match) {
    for (int row = 0; row < m_rows.size(); ++row) {
        const QList<storage::AttachmentRecord> &attachments = m_rows[row].attachments;
        if (attachments.isEmpty())
            continue;
        if (match(attachments.first()))
            emitRowChanged(row, transferRoles());
        if (std::any_of(attachments.cbegin(), attachments.cend(), match))
            emit picturesChanged(m_rows[row].localId);
    }
}

void MessageListModel::setChatId(qint64 chatId) {
    if (m_chatId == chatId)
        return;
    m_chatId = chatId;
    m_pinnedServerId = 0;
    m_pinnedLocalId = 0;
    emit chatIdChanged();
    reload();
}

void MessageListModel::reload() {
    ++m_generation;
    ++m_chatGeneration;
    if (!m_rows.isEmpty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }
    setReachedStart(false);
    m_fetching = false;
    m_waitingForServer = false;
    m_deliveredMaxId = m_readOutboxMaxId = 0;
    if (!m_context || m_chatId == 0)
        return;
    refreshChatMarks();
    fetchMore({});
}

void MessageListModel::setReachedStart(bool reached) {
    if (m_reachedStart == reached)
        return;
    m_reachedStart = reached;
    emitRowChanged(0, {DayStartRole});
    emit reachedStartChanged();
}

int MessageListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

double MessageListModel::upgradedTo() const {
    for (auto row = m_rows.crbegin(); row != m_rows.crend(); ++row) {
        if (row->actionKind == storage::ActionKind::UpgradedTo && !row->actionUserIds.isEmpty())
            return double(row->actionUserIds.first());
    }
    return 0;
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_context && m_chatId != 0 && !m_reachedStart && !m_fetching &&
           !m_waitingForServer;
}

void MessageListModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    loadLocalPage(false);
}

void MessageListModel::loadLocalPage(bool afterServer) {
    const quint64 generation = m_generation;
    const qint64 before = m_rows.isEmpty() ? 0 : m_rows.first().localId;
    m_context->store()->read(
        [chatId = m_chatId, before](storage::ReadTransaction &tx) {
            return storage::MessagesTable::page(tx, chatId, before, kPageSize);
        },
        this,
        [this, generation, afterServer](const QList<storage::MessageRecord> &page) {
            if (generation != m_generation)
                return;
            // Rows that arrived through a change set meanwhile are already here.
            QList<storage::MessageRecord> fresh;
            const qint64 firstKey =
                m_rows.isEmpty() ? std::numeric_limits<qint64>::max() : sortKey(m_rows.first());
            for (const storage::MessageRecord &m : page) {
                if (sortKey(m) < firstKey && rowOf(m.localId) < 0)
                    fresh.append(m);
            }
            if (!fresh.isEmpty()) {
                beginInsertRows({}, 0, int(fresh.size()) - 1);
                m_rows = fresh + m_rows;
                endInsertRows();
                if (m_rows.size() > fresh.size())
                    emitRowChanged(int(fresh.size()), {DayStartRole});
                requestNames(fresh);
            }
            if (page.size() >= kPageSize || (afterServer && !fresh.isEmpty())) {
                m_fetching = false; // more may be stored: the next fetchMore() reads it
                return;
            }
            if (afterServer) {
                // The server's page added nothing older here: never loop on it.
                m_fetching = false;
                setReachedStart(true);
                return;
            }
            fetchOlderFromServer();
        });
}

void MessageListModel::fetchOlderFromServer() {
    if (!m_context->engine()) { // model tests, or no engine yet: the store is all there is
        m_fetching = false;
        setReachedStart(true);
        return;
    }
    const quint64 generation = m_generation;
    m_context->store()->read(
        [chatId = m_chatId](storage::ReadTransaction &tx) {
            return storage::SyncStateTable::historyComplete(tx, chatId);
        },
        this,
        [this, generation](bool complete) {
            if (generation != m_generation)
                return;
            SyncEngine *engine = m_context ? m_context->engine() : nullptr;
            if (complete || !engine) {
                m_fetching = false;
                setReachedStart(true);
                return;
            }
            // The oldest message the server knows about; 0 asks for the newest page (a chat the
            // reload did not fetch, or a new device).
            qint64 beforeId = 0;
            for (const storage::MessageRecord &m : std::as_const(m_rows)) {
                if (m.serverId > 0 && (beforeId == 0 || m.serverId < beforeId))
                    beforeId = m.serverId;
            }
            engine->fetchHistory(m_chatId, beforeId, this, [this, generation](bool stored) {
                if (generation != m_generation)
                    return;
                if (stored) {
                    loadLocalPage(true); // still fetching: inserts the page at the top
                    return;
                }
                m_fetching = false;
                m_waitingForServer = true; // online() resumes
            });
        });
}

void MessageListModel::onChanged(const storage::ChangeSet &changes) {
    if (!m_context || m_chatId == 0)
        return;
    if (changes.reset || changes.changedChatIds.contains(m_chatId) ||
        changes.chatsWithNewPositions.contains(m_chatId))
        refreshChatMarks();
    followPinned(changes);
    for (qint64 localId : changes.removedMessageIds) {
        if (const int row = rowOf(localId); row >= 0) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
            emitRowChanged(row, {DayStartRole});
        }
    }
    QList<storage::MessageRecord> inserted;
    for (const storage::MessageRecord &m : changes.insertedMessages) {
        if (m.chatId == m_chatId)
            inserted.append(m);
    }
    for (const storage::MessageRecord &m : changes.updatedMessages) {
        if (m.chatId != m_chatId)
            continue;
        const int row = rowOf(m.localId);
        if (row < 0) {
            inserted.append(m);
            continue;
        }
        m_rows[row] = m;
        // pending -> sent can move a message before ones that arrived while it was in flight
        QList<storage::MessageRecord> others = m_rows;
        others.removeAt(row);
        const int pos =
            int(std::upper_bound(others.begin(), others.end(), m, bySortKey) - others.begin());
        if (pos != row) {
            beginMoveRows({}, row, row, {}, pos > row ? pos + 1 : pos);
            m_rows.move(row, pos);
            endMoveRows();
        }
        emitRowChanged(rowOf(m.localId));
    }
    insertMessages(inserted);
}

void MessageListModel::insertMessages(const QList<storage::MessageRecord> &records) {
    if (records.isEmpty())
        return;
    QList<storage::MessageRecord> sorted = records;
    std::sort(sorted.begin(), sorted.end(), bySortKey);
    QList<storage::MessageRecord> appended;
    for (const storage::MessageRecord &m : sorted) {
        if (rowOf(m.localId) >= 0)
            continue;
        if (m_rows.isEmpty() || sortKey(m) > sortKey(m_rows.last())) {
            if (m_rows.isEmpty() && m_fetching)
                continue; // the first page is being read and will contain it
            appended.append(m);
            continue;
        }
        if (sortKey(m) < sortKey(m_rows.first()) && !m_reachedStart)
            continue; // older than the loaded window: fetchMore() reads it when scrolled to
        const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), m, bySortKey);
        const int row = int(at - m_rows.begin());
        beginInsertRows({}, row, row);
        m_rows.insert(row, m);
        endInsertRows();
        if (row + 1 < m_rows.size())
            emitRowChanged(row + 1, {DayStartRole});
    }
    if (!appended.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(appended.size()) - 1);
        m_rows += appended;
        endInsertRows();
    }
    requestNames(sorted);
}

void MessageListModel::refreshChatMarks() {
    const quint64 generation = m_chatGeneration;
    m_context->store()->read(
        [chatId = m_chatId](storage::ReadTransaction &tx) {
            return storage::ChatsTable::load(tx, chatId);
        },
        this,
        [this, generation](std::optional<storage::ChatRecord> chat) {
            if (generation != m_chatGeneration || !chat)
                return;
            const qint64 oldDelivered = m_deliveredMaxId, oldRead = m_readOutboxMaxId;
            m_deliveredMaxId = chat->deliveredMaxId;
            m_readOutboxMaxId = chat->readOutboxMaxId;
            if (oldDelivered == m_deliveredMaxId && oldRead == m_readOutboxMaxId)
                return;
            // Only our own sent messages between the old and new marks change state.
            const qint64 low = qMin(oldDelivered, oldRead);
            const qint64 high = qMax(m_deliveredMaxId, m_readOutboxMaxId);
            int first = -1, last = -1;
            for (int row = 0; row < m_rows.size(); ++row) {
                const storage::MessageRecord &m = m_rows[row];
                if (m.serverId > low && m.serverId <= high) {
                    if (first < 0)
                        first = row;
                    last = row;
                }
            }
            if (first >= 0)
                emit dataChanged(index(first), index(last), {StateRole});
        });
}

void MessageListModel::requestNames(const QList<storage::MessageRecord> &records) {
    if (!m_context)
        return;
    QList<qint64> ids;
    ids.reserve(records.size());
    for (const storage::MessageRecord &m : records) {
        ids.append(m.senderId);
        if (m.replySenderId != 0)
            ids.append(m.replySenderId);
        if (m.forwardSenderId != 0)
            ids.append(m.forwardSenderId);
        ids += m.actionUserIds; // the members a service message names
    }
    m_context->userNames()->request(ids);
}

void MessageListModel::emitRowChanged(int row, const QList<int> &roles) {
    if (row >= 0 && row < m_rows.size())
        emit dataChanged(index(row), index(row), roles);
}

int MessageListModel::rowOf(qint64 localId) const {
    // New activity is at the end, so search from there.
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows[row].localId == localId)
            return int(row);
    }
    return -1;
}

int MessageListModel::rowOfMessage(double messageId) const {
    const auto serverId = qint64(messageId);
    if (serverId <= 0)
        return -1;
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows[row].serverId == serverId)
            return int(row);
    }
    return -1;
}

bool MessageListModel::isDayStart(int row) const {
    // The first loaded row opens a day only at the start of the chat: otherwise the day of the
    // message before it is not known yet, and a separator shown now would vanish when the older
    // page arrives, moving everything the user reads (the view keeps the row's top in place).
    if (row == 0)
        return m_reachedStart;
    const QDate day = QDateTime::fromMSecsSinceEpoch(m_rows[row].date).date();
    const QDate previous = QDateTime::fromMSecsSinceEpoch(m_rows[row - 1].date).date();
    return day != previous;
}

storage::SendFailure MessageListModel::failureOf(const storage::MessageRecord &m) const {
    if (m.failure != storage::SendFailure::None || !m_failed.contains(m.localId))
        return m.failure;
    return storage::isSecretChatId(m.chatId) ? storage::SendFailure::PeerDeviceGone
                                             : storage::SendFailure::Refused;
}

MessageState MessageListModel::stateOf(const storage::MessageRecord &m) const {
    const qint64 self = m_context ? m_context->selfUserId() : 0;
    if (m.senderId != self)
        return MessageStateNs::None;
    // The one rule, shared with the chat list's last message: storage/delivery_state.h.
    return toMessageState(
        storage::deliveryState({.mine = true,
                                .pending = m.pending || m.serverId == 0,
                                .failed = failureOf(m) != storage::SendFailure::None,
                                .serverId = m.serverId,
                                .deliveredMaxId = m_deliveredMaxId,
                                .readOutboxMaxId = m_readOutboxMaxId}));
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::MessageRecord &m = m_rows[index.row()];
    switch (role) {
    case LocalIdRole:
        return m.localId;
    case MessageIdRole:
        return m.serverId;
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case EditedRole:
        return m.editedAt > 0;
    case ServiceTextRole:
        return groups::serviceMessageText(m, [this](qint64 userId) {
            return m_context ? m_context->userNames()->name(userId) : QString();
        });
    case ServicePhotoUrlRole:
        return m.actionKind == storage::ActionKind::PhotoChanged && m_context
                   ? m_context->photoUrl(m.actionTitle)
                   : QString();
    case ReplyToIdRole:
        return double(m.replyToId);
    case ReplySenderNameRole:
        return m_context && m.replySenderId != 0 ? m_context->userNames()->name(m.replySenderId)
                                                 : QString();
    case ReplyExcerptRole:
        return m.replyExcerpt;
    case ForwardedFromRole:
        if (m.forwardSenderId == 0)
            return QString();
        // The name the server recorded when it was forwarded, else the one known now.
        if (!m.forwardSenderName.isEmpty() || !m_context)
            return m.forwardSenderName;
        return m_context->userNames()->name(m.forwardSenderId);
    case SenderIdRole:
        return m.senderId;
    case SenderNameRole:
        return m_context ? m_context->userNames()->name(m.senderId) : QString();
    case OutgoingRole:
        return m_context && m.senderId == m_context->selfUserId();
    case DateRole:
        return QDateTime::fromMSecsSinceEpoch(m.date);
    case DayStartRole:
        return isDayStart(index.row());
    case StateRole:
        return QVariant::fromValue(stateOf(m));
    case FailureRole:
        return SendFailureText::describe(failureOf(m));
    case RetryableRole:
        return SendFailureText::retryable(failureOf(m));
    default:
        return attachmentData(m, role);
    }
}

std::optional<TransferProgress>
MessageListModel::transferOf(const storage::MessageRecord &m) const {
    MediaService *media = m_context ? m_context->media() : nullptr;
    if (!media || m.attachments.isEmpty())
        return std::nullopt;
    const storage::AttachmentRecord &a = m.attachments.first();
    if (a.fileId.isEmpty())
        return a.uploadId != 0 ? media->upload(a.uploadId) : std::nullopt;
    return media->download(a.fileId);
}

QVariant MessageListModel::attachmentData(const storage::MessageRecord &m, int role) const {
    if (role == HasAttachmentRole)
        return !m.attachments.isEmpty();
    if (m.attachments.isEmpty()) {
        switch (role) {
        case AttachmentSizeRole:
        case TransferProgressRole:
            return 0.0;
        case AttachmentWidthRole:
        case AttachmentHeightRole:
            return 0;
        case AttachmentKindRole:
        case AttachmentNameRole:
        case ThumbnailRole:
        case FileIdRole:
        case TransferStateRole:
        case ImageRole:
            return QString();
        case AttachmentDurationRole:
            return 0.0;
        case WaveformRole:
        case MoreAttachmentsRole:
            return QVariantList();
        default:
            return {};
        }
    }
    const storage::AttachmentRecord &a = m.attachments.first();
    switch (role) {
    case AttachmentKindRole:
        return attachmentKindName(a.kind);
    case AttachmentNameRole:
        return a.name;
    case AttachmentSizeRole:
        return double(a.size);
    case AttachmentWidthRole:
        return a.width;
    case AttachmentHeightRole:
        return a.height;
    case AttachmentDurationRole:
        return a.durationMs > 0 ? double(a.durationMs) : 0.0;
    case WaveformRole: {
        QVariantList levels;
        for (int level : unpackWaveform(a.waveform))
            levels.append(level);
        return levels;
    }
    case ThumbnailRole:
        return ThumbnailImages::put(QStringLiteral("m%1").arg(m.localId), a.thumbnail);
    case MoreAttachmentsRole: {
        QVariantList more;
        for (qsizetype i = 1; i < m.attachments.size(); ++i) {
            const storage::AttachmentRecord &other = m.attachments[i];
            more.append(
                QVariantMap{{QStringLiteral("index"), int(i)},
                            {QStringLiteral("kind"), attachmentKindName(other.kind)},
                            {QStringLiteral("name"), other.name},
                            {QStringLiteral("size"), double(other.size)},
                            {QStringLiteral("thumbnail"),
                             ThumbnailImages::put(QStringLiteral("m%1-%2").arg(m.localId).arg(i),
                                                  other.thumbnail)}});
        }
        return more;
    }
    case FileIdRole:
        return a.fileId;
    case TransferStateRole: {
        const auto transfer = transferOf(m);
        if (transfer)
            return transferStateName(transfer->state);
        // Sent with every file uploaded: nothing moves until a download is asked for.
        return a.fileId.isEmpty() && m.pending ? QStringLiteral("queued") : QString();
    }
    case TransferProgressRole: {
        const auto transfer = transferOf(m);
        if (!transfer || transfer->bytesTotal <= 0)
            return 0.0;
        return double(transfer->bytesDone) / double(transfer->bytesTotal);
    }
    case ImageRole: {
        const auto transfer = transferOf(m);
        if (a.kind != storage::AttachmentKind::Photo || a.fileId.isEmpty() || !transfer ||
            transfer->direction != TransferDirection::Download ||
            transfer->state != TransferState::Done)
            return QString();
        return MediaImages::urlOf(a.fileId);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{LocalIdRole, "localId"},
            {MessageIdRole, "messageId"},
            {TextRole, "text"},
            {SenderIdRole, "senderId"},
            {SenderNameRole, "senderName"},
            {OutgoingRole, "outgoing"},
            {DateRole, "date"},
            {DayStartRole, "dayStart"},
            {StateRole, "state"},
            {HasAttachmentRole, "hasAttachment"},
            {AttachmentKindRole, "attachmentKind"},
            {AttachmentNameRole, "attachmentName"},
            {AttachmentSizeRole, "attachmentSize"},
            {AttachmentWidthRole, "attachmentWidth"},
            {AttachmentHeightRole, "attachmentHeight"},
            {ThumbnailRole, "thumbnail"},
            {FileIdRole, "fileId"},
            {TransferStateRole, "transferState"},
            {TransferProgressRole, "transferProgress"},
            {ImageRole, "image"},
            {FailureRole, "failure"},
            {RetryableRole, "retryable"},

            {EditedRole, "edited"},
            {ReplyToIdRole, "replyToId"},
            {ReplySenderNameRole, "replySenderName"},
            {ReplyExcerptRole, "replyExcerpt"},
            {ForwardedFromRole, "forwardedFrom"},
            {ServiceTextRole, "serviceText"},
            {AttachmentDurationRole, "attachmentDuration"},
            {WaveformRole, "waveform"},
            {MoreAttachmentsRole, "moreAttachments"},
            {ServicePhotoUrlRole, "servicePhotoUrl"}};
}

void MessageListModel::sendFiles(const QString &text, const QVariantList &files, double replyToId) {
    if (!m_context || m_chatId == 0 || !m_context->attachmentSender())
        return;
    QStringList paths;
    for (const QVariant &file : files) {
        const QUrl url = file.toUrl();
        paths.append(url.isLocalFile() ? url.toLocalFile() : file.toString());
    }
    if (paths.isEmpty())
        return send(text, replyToId);
    m_context->attachmentSender()->send(m_chatId, text.trimmed(), paths, nullptr, {},
                                        qint64(replyToId));
}

void MessageListModel::sendVoice(const QString &path, double durationMs, const QByteArray &waveform,
                                 double replyToId) {
    if (m_context && m_chatId != 0 && m_context->attachmentSender())
        m_context->attachmentSender()->sendVoice(m_chatId, path, qint64(durationMs), waveform,
                                                 qint64(replyToId));
}

void MessageListModel::cancelPending(qint64 localId) {
    if (m_context && m_context->attachmentSender())
        m_context->attachmentSender()->cancel(localId);
}

void MessageListModel::retryUpload(qint64 localId) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !m_context->media() || !m_rows[row].pending)
        return;
    for (const storage::AttachmentRecord &a : m_rows[row].attachments)
        if (a.uploadId != 0 && a.fileId.isEmpty())
            m_context->media()->resumeUpload(a.uploadId);
}

void MessageListModel::retry(qint64 localId) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !SendFailureText::retryable(failureOf(m_rows[row])))
        return;
    m_failed.remove(localId);
    m_context->retryFailed(localId);
}

void MessageListModel::download(qint64 localId) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !m_context->media() || m_rows[row].attachments.isEmpty())
        return;
    const storage::AttachmentRecord &a = m_rows[row].attachments.first();
    if (!a.fileId.isEmpty())
        m_context->media()->requestDownload(a.fileId, a.name, a.size);
}

QVariantList MessageListModel::pictures(qint64 localId) const {
    const int row = rowOf(localId);
    if (row < 0)
        return {};
    const storage::MessageRecord &m = m_rows[row];
    MediaService *media = m_context ? m_context->media() : nullptr;
    QVariantList pictures;
    for (qsizetype i = 0; i < m.attachments.size(); ++i) {
        const storage::AttachmentRecord &a = m.attachments[i];
        if (a.kind != storage::AttachmentKind::Photo)
            continue;
        // The keys the bubbles put the thumbnails under (ThumbnailRole, MoreAttachmentsRole).
        const QString key = i == 0 ? QStringLiteral("m%1").arg(m.localId)
                                   : QStringLiteral("m%1-%2").arg(m.localId).arg(i);
        std::optional<TransferProgress> transfer;
        if (media && !a.fileId.isEmpty())
            transfer = media->download(a.fileId);
        const bool downloaded = transfer && transfer->state == TransferState::Done;
        pictures.append(QVariantMap{
            {QStringLiteral("index"), int(i)},
            {QStringLiteral("thumbnail"), ThumbnailImages::put(key, a.thumbnail)},
            {QStringLiteral("image"), downloaded ? MediaImages::urlOf(a.fileId) : QString()},
            {QStringLiteral("width"), a.width},
            {QStringLiteral("height"), a.height}});
    }
    return pictures;
}

void MessageListModel::downloadAttachment(qint64 localId, int index) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !m_context->media() || index < 0 ||
        index >= m_rows[row].attachments.size())
        return;
    const storage::AttachmentRecord &a = m_rows[row].attachments[index];
    if (!a.fileId.isEmpty())
        m_context->media()->requestDownload(a.fileId, a.name, a.size);
}

void MessageListModel::cancelDownload(qint64 localId) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !m_context->media() || m_rows[row].attachments.isEmpty())
        return;
    m_context->media()->cancelDownload(m_rows[row].attachments.first().fileId);
}

void MessageListModel::saveAs(qint64 localId, const QUrl &target) {
    const int row = rowOf(localId);
    if (row < 0 || !m_context || !m_context->media() || m_rows[row].attachments.isEmpty())
        return emit saved(tr("Nothing to save."));
    const QString fileId = m_rows[row].attachments.first().fileId;
    const QString path = target.isLocalFile() ? target.toLocalFile() : target.toString();
    MediaService *media = m_context->media();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        connect(media, &MediaService::saved, this,
                [this, fileId, path, connection](const QString &savedId, const QString &savedPath,
                                                 const QString &error) {
                    if (savedId != fileId || savedPath != path)
                        return;
                    disconnect(*connection);
                    emit saved(error);
                });
    media->saveAs(fileId, path);
}

void MessageListModel::send(const QString &text, double replyTo) {
    qint64 replyToId = qint64(replyTo);
    if (!m_context || m_chatId == 0)
        return;
    const QStringList parts = splitLongText(text, protocol::kMaxTextChars);
    if (parts.size() > kMaxMessageParts)
        return; // the composer refuses it and says why (partsFor)
    // One store job each, queued in order: they are stored, and sent, in this order. Only the
    // first part answers the quoted message (the rest follow it).
    for (const QString &part : parts) {
        m_context->sendText(m_chatId, part, nullptr, {}, replyToId);
        replyToId = 0;
    }
}

int MessageListModel::maxTextChars() {
    return protocol::kMaxTextChars;
}

int MessageListModel::maxMessageParts() {
    return kMaxMessageParts;
}

int MessageListModel::partsFor(const QString &text) const {
    return int(splitLongText(text, protocol::kMaxTextChars).size());
}

void MessageListModel::markRead() {
    if (!m_context || m_chatId == 0)
        return;
    qint64 maxId = 0;
    for (qsizetype row = m_rows.size() - 1; row >= 0 && maxId == 0; --row)
        maxId = m_rows[row].serverId;
    if (maxId > 0)
        m_context->markRead(m_chatId, maxId);
}

int MessageListModel::jumpTo(qint64 localId) {
    if (const int row = rowOf(localId); row >= 0)
        return row;
    return jumpWhenLoaded(0, localId);
}

int MessageListModel::jumpToMessage(double messageId) {
    if (const int row = rowOfMessage(messageId); row >= 0)
        return row;
    return jumpWhenLoaded(qint64(messageId), 0);
}

void MessageListModel::loadPinned(double messageId) {
    if (!m_context || m_chatId == 0 || messageId <= 0)
        return;
    m_pinnedServerId = qint64(messageId);
    m_pinnedLocalId = 0;
    struct Found {
        bool found = false;
        qint64 localId = 0;
        qint64 senderId = 0;
        QString text;
    };
    m_context->store()->read(
        [chatId = m_chatId, serverId = qint64(messageId)](storage::ReadTransaction &tx) {
            Found result;
            const std::optional<qint64> localId =
                storage::MessagesTable::findSent(tx, chatId, serverId);
            if (const auto m = localId ? storage::MessagesTable::load(tx, *localId) : std::nullopt)
                result = Found{true, m->localId, m->senderId, m->text};
            return result;
        },
        this,
        [this, messageId](const Found &result) {
            if (qint64(messageId) == m_pinnedServerId)
                m_pinnedLocalId = result.localId;
            const QString name = result.found && m_context
                                     ? m_context->userNames()->name(result.senderId)
                                     : QString();
            emit pinnedLoaded(messageId, result.found, name, result.text);
        });
}

void MessageListModel::followPinned(const storage::ChangeSet &changes) {
    if (m_pinnedServerId == 0)
        return;
    bool touched = m_pinnedLocalId != 0 && changes.removedMessageIds.contains(m_pinnedLocalId);
    for (const storage::MessageRecord &m : changes.updatedMessages)
        touched = touched || (m.chatId == m_chatId && m.serverId == m_pinnedServerId);
    if (touched)
        loadPinned(double(m_pinnedServerId));
}

// The window around a message (by local id, or by server id when `serverId` is set), then
// jumpReady with its row.
int MessageListModel::jumpWhenLoaded(qint64 serverId, qint64 localId) {
    if (!m_context || m_chatId == 0)
        return -1;
    const quint64 generation = ++m_generation;
    m_fetching = true;
    struct Window {
        qint64 localId = 0;
        QList<storage::MessageRecord> rows;
    };
    m_context->store()->read(
        [chatId = m_chatId, serverId, localId](storage::ReadTransaction &tx) {
            Window w{localId, {}};
            if (serverId != 0)
                w.localId = storage::MessagesTable::findSent(tx, chatId, serverId).value_or(0);
            if (w.localId != 0)
                w.rows = storage::MessagesTable::around(tx, chatId, w.localId, kPageSize);
            return w;
        },
        this,
        [this, generation](const Window &found) {
            const qint64 target = found.localId;
            const QList<storage::MessageRecord> &window = found.rows;
            if (generation != m_generation)
                return;
            m_fetching = false;
            if (target == 0) { // not stored here: what is shown stays
                emit jumpReady(-1);
                return;
            }
            if (!m_rows.isEmpty()) {
                beginRemoveRows({}, 0, int(m_rows.size()) - 1);
                m_rows.clear();
                endRemoveRows();
            }
            setReachedStart(false);
            m_waitingForServer = false;
            if (!window.isEmpty()) {
                beginInsertRows({}, 0, int(window.size()) - 1);
                m_rows = window;
                endInsertRows();
                requestNames(window);
            }
            emit jumpReady(rowOf(target));
        });
    return -1;
}

} // namespace msgr::core
