#include "core/comments/comments_thread.h"

#include "core/comments/comment_counts.h"
#include "core/comments/stored_comments.h"
#include "core/engine/sync_engine.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"

#include <QDateTime>
#include <algorithm>

namespace msgr::core {

namespace api = protocol::api;

CommentsThread::CommentsThread(QObject *parent) : QAbstractListModel(parent) {}

void CommentsThread::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_context = context;
    if (context) {
        m_connections.append(connect(
            context->userNames(), &UserNames::namesChanged, this, [this](const QSet<qint64> &ids) {
                const auto [first, last] = UserNames::rowsShowing(
                    m_rows, ids, [](const api::Comment &c) { return c.senderId; });
                if (first >= 0)
                    emit dataChanged(index(first), index(last), {SenderNameRole});
            }));
        // Back online: what was missed meanwhile is fetched, what waits is sent.
        m_connections.append(connect(context, &CoreContext::online, this, [this] {
            if (m_loaded)
                catchUp();
            else
                reload(); // nothing while no thread is set (a page not shown)
            // What waits is sent by CommentService from the outbox (commentWritten).
        }));
        if (SyncEngine *engine = context->engine()) {
            m_connections.append(
                connect(engine, &SyncEngine::postCommentsChanged, this, &CommentsThread::onPush));
            m_connections.append(connect(engine, &SyncEngine::commentWritten, this,
                                         [this](qint64 channelId, qint64 postId, qint64 randomId,
                                                const CommentOutcome &outcome) {
                                             if (channelId == m_channelId && postId == m_postId)
                                                 applyWrite(randomId, outcome);
                                         }));
        }
    }
    emit contextChanged();
    start();
}

void CommentsThread::setChannelId(double id) {
    if (qint64(id) == m_channelId)
        return;
    m_channelId = qint64(id);
    emit threadChanged();
    start();
}

void CommentsThread::setPostId(double id) {
    if (qint64(id) == m_postId)
        return;
    m_postId = qint64(id);
    emit threadChanged();
    start();
}

void CommentsThread::setModerator(bool moderator) {
    if (m_moderator == moderator)
        return;
    m_moderator = moderator;
    emit moderatorChanged();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1), {CanDeleteRole});
}

void CommentsThread::start() {
    ++m_generation;
    resetRows();
    if (m_context && m_channelId > 0 && m_postId > 0) {
        loadStored();
        loadNewest();
    }
}

void CommentsThread::loadStored() {
    struct Stored {
        QList<api::Comment> comments;
        qint64 count = 0;
        QList<PendingComment> pending;
    };
    m_context->store()->read(
        [channelId = m_channelId, postId = m_postId](storage::ReadTransaction &tx) {
            return Stored{StoredComments::load(tx, channelId, postId),
                          CommentCounts::count(tx, channelId, postId),
                          PendingComments::ofPost(tx, channelId, postId)};
        },
        this,
        [this, generation = m_generation](const Stored &stored) {
            if (generation != m_generation)
                return;
            showPending(stored.pending);
            // The server's newest page came first: it is newer than anything stored.
            if (m_loaded)
                return;
            merge(stored.comments);
            setCount(std::max<qint64>(stored.count, qint64(stored.comments.size())));
        });
}

void CommentsThread::showPending(const QList<PendingComment> &pending) {
    for (const PendingComment &p : pending) {
        // Sent (and shown) while the store was read, or shown already.
        if (m_confirmed.contains(p.randomId) || unsentRow(p.randomId) >= 0)
            continue;
        Unsent u;
        u.randomId = p.randomId;
        u.text = p.text;
        u.date = p.date;
        u.failed = p.failed;
        const int row = rowCount();
        beginInsertRows({}, row, row);
        m_unsent.append(u);
        endInsertRows();
    }
}

void CommentsThread::resetRows() {
    beginResetModel();
    m_rows.clear();
    m_unsent.clear();
    m_deleting.clear();
    m_confirmed.clear();
    endResetModel();
    m_loading = 0;
    m_loadingOlder = false;
    m_catchingUp = false;
    m_catchUpAgain = false;
    m_hasOlder = false;
    m_loaded = false;
    emit loadingChanged();
    setCount(0);
    setError({});
}

int CommentsThread::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size() + m_unsent.size());
}

QVariant CommentsThread::data(const QModelIndex &index, int role) const {
    const int row = index.row();
    if (!index.isValid() || row < 0 || row >= rowCount())
        return {};
    const qint64 self = m_context ? m_context->selfUserId() : 0;
    if (row >= m_rows.size()) {
        const Unsent &u = m_unsent.at(row - m_rows.size());
        switch (role) {
        case CommentIdRole:
            return 0.0;
        case SenderIdRole:
            return double(self);
        case SenderNameRole:
            return m_context ? m_context->userNames()->name(self) : QString();
        case DateRole:
            return QDateTime::fromMSecsSinceEpoch(u.date);
        case TextRole:
            return u.text;
        case OwnRole:
            return true;
        case UnsentRole:
            return true;
        case FailedRole:
            return u.failed;
        default:
            return false;
        }
    }
    const api::Comment &c = m_rows.at(row);
    switch (role) {
    case CommentIdRole:
        return double(c.id);
    case SenderIdRole:
        return double(c.senderId);
    case SenderNameRole:
        return m_context ? m_context->userNames()->name(c.senderId) : QString();
    case DateRole:
        return QDateTime::fromMSecsSinceEpoch(c.date);
    case TextRole:
        return c.text;
    case OwnRole:
        return self > 0 && c.senderId == self;
    case CanDeleteRole:
        return m_moderator || (self > 0 && c.senderId == self);
    case DeletingRole:
        return m_deleting.contains(c.id);
    case UnsentRole:
    case FailedRole:
        return false;
    default:
        return {};
    }
}

QHash<int, QByteArray> CommentsThread::roleNames() const {
    return {
        {CommentIdRole, "commentId"}, {SenderIdRole, "senderId"}, {SenderNameRole, "senderName"},
        {DateRole, "date"},           {TextRole, "text"},         {OwnRole, "own"},
        {CanDeleteRole, "canDelete"}, {DeletingRole, "deleting"}, {UnsentRole, "unsent"},
        {FailedRole, "failed"}};
}

QString CommentsThread::errorText(const QString &code, const QString &serverMessage,
                                  qint64 retryAfterMs, bool writing) {
    if (code == QLatin1String("OFFLINE"))
        return writing ? tr("Not connected: the comment is sent when online.")
                       : tr("Not connected: the comments load when online.");
    if (code == QLatin1String("FORBIDDEN"))
        return writing ? tr("Subscribe to the channel to comment.")
                       : tr("Only the comment's author and the channel's owner and admins can "
                            "delete it.");
    if (code == QLatin1String("FLOOD_WAIT"))
        return tr("Too many comments at once: try again in %n second(s).", nullptr,
                  int(std::clamp<qint64>((retryAfterMs + 999) / 1000, 1, 3600)));
    if (code == QLatin1String("TOO_LARGE"))
        return tr("A comment has at most %1 characters.").arg(api::kMaxCommentChars);
    if (code == QLatin1String("NOT_FOUND"))
        return tr("This channel is private or gone.");
    if (code == QLatin1String("BAD_REQUEST"))
        return tr("This post cannot have comments.");
    return tr("The server refused: %1").arg(serverMessage.isEmpty() ? code : serverMessage);
}

void CommentsThread::setError(const QString &error) {
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

void CommentsThread::setCount(qint64 count) {
    if (m_count == count)
        return;
    m_count = count;
    emit countChanged();
}

void CommentsThread::beginLoading() {
    if (++m_loading == 1)
        emit loadingChanged();
}

void CommentsThread::endLoading() {
    if (m_loading > 0 && --m_loading == 0)
        emit loadingChanged();
}

void CommentsThread::request(const CommentRequest &r,
                             std::function<void(const CommentOutcome &)> then) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    CommentOutcome offline;
    offline.code = QStringLiteral("OFFLINE");
    if (!engine)
        return then(offline);
    engine->commentCall(
        r, this,
        [this, generation = m_generation, then = std::move(then)](const CommentOutcome &outcome) {
            if (generation == m_generation) // else meant for another thread
                then(outcome);
        });
}

void CommentsThread::requestNames(const QList<api::Comment> &comments) {
    if (!m_context)
        return;
    QList<qint64> missing;
    for (const api::Comment &c : comments)
        if (m_context->userNames()->name(c.senderId).isEmpty() && !missing.contains(c.senderId))
            missing.append(c.senderId);
    if (missing.isEmpty())
        return;
    m_context->userNames()->request(missing);
    // Commenters the store never saw (they never wrote to the user) are fetched and stored.
    if (SyncEngine *engine = m_context->engine())
        engine->fetchUsers(missing);
}

void CommentsThread::merge(const QList<api::Comment> &comments) {
    requestNames(comments);
    const qint64 oldestShown = m_rows.isEmpty() ? 0 : m_rows.first().id;
    int olderAdded = 0;
    for (const api::Comment &c : comments) {
        if (c.channelId != m_channelId || c.postId != m_postId)
            continue;
        // The user's own comment reached the server: its unsent twin goes.
        if (c.randomId != 0)
            m_confirmed.insert(c.randomId);
        if (c.randomId != 0)
            if (const int u = unsentRow(c.randomId); u >= 0) {
                beginRemoveRows({}, u, u);
                m_unsent.removeAt(u - m_rows.size());
                endRemoveRows();
            }
        const auto at =
            std::lower_bound(m_rows.cbegin(), m_rows.cend(), c.id,
                             [](const api::Comment &row, qint64 id) { return row.id < id; });
        if (at != m_rows.cend() && at->id == c.id)
            continue; // shown already: a page overlapping what a catch-up brought
        const int row = int(at - m_rows.cbegin());
        if (c.id < oldestShown)
            ++olderAdded;
        beginInsertRows({}, row, row);
        api::Comment shown = c;
        shown.randomId = 0;
        m_rows.insert(row, shown);
        endInsertRows();
    }
    if (olderAdded > 0)
        emit olderLoaded(olderAdded);
}

void CommentsThread::dropMissing(const QList<api::Comment> &page, qint64 fromId) {
    QSet<qint64> present;
    for (const api::Comment &c : page)
        present.insert(c.id);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const qint64 id = m_rows.at(row).id;
        if (id < fromId)
            break;
        if (present.contains(id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        m_deleting.remove(id);
    }
}

void CommentsThread::dropBelow(qint64 id) {
    int below = 0;
    while (below < m_rows.size() && m_rows.at(below).id < id)
        ++below;
    if (below == 0)
        return;
    beginRemoveRows({}, 0, below - 1);
    m_rows.remove(0, below);
    endRemoveRows();
}

void CommentsThread::loadNewest() {
    beginLoading();
    CommentRequest r;
    r.channelId = m_channelId;
    r.postId = m_postId;
    request(r, [this](const CommentOutcome &outcome) {
        endLoading();
        if (!outcome.ok()) {
            setError(errorText(outcome.code, outcome.message, outcome.retryAfterMs, false));
            return;
        }
        setError({});
        // The newest page is the truth for its span: what it lacks there was deleted.
        const qint64 fromId =
            outcome.final || outcome.comments.isEmpty() ? 0 : outcome.comments.first().id;
        dropMissing(outcome.comments, fromId);
        // The first page after stored rows were shown: older stored rows may be separated from
        // it by comments written meanwhile; they go, and page in again in order when scrolled.
        if (!m_loaded)
            dropBelow(fromId);
        merge(outcome.comments);
        if (!m_loaded)
            m_hasOlder = !outcome.final;
        m_loaded = true;
        emit loadingChanged();
        setCount(outcome.commentCount);
    });
}

void CommentsThread::reload() {
    if (m_context && m_channelId > 0 && m_postId > 0)
        loadNewest();
}

void CommentsThread::loadOlder() {
    if (!m_loaded || !m_hasOlder || m_loadingOlder || m_rows.isEmpty())
        return;
    m_loadingOlder = true;
    beginLoading();
    CommentRequest r;
    r.channelId = m_channelId;
    r.postId = m_postId;
    r.beforeId = m_rows.first().id;
    r.limit = api::kDefaultCommentsPage;
    request(r, [this](const CommentOutcome &outcome) {
        m_loadingOlder = false;
        endLoading();
        if (!outcome.ok()) {
            setError(errorText(outcome.code, outcome.message, outcome.retryAfterMs, false));
            return;
        }
        m_hasOlder = !outcome.final && !outcome.comments.isEmpty();
        merge(outcome.comments);
        emit loadingChanged();
        setCount(outcome.commentCount);
    });
}

void CommentsThread::catchUp() {
    if (!m_loaded)
        return;
    if (m_catchingUp) {
        m_catchUpAgain = true; // a push during the catch-up: one more round after it
        return;
    }
    m_catchingUp = true;
    m_catchUpAgain = false;
    beginLoading();
    CommentRequest r;
    r.channelId = m_channelId;
    r.postId = m_postId;
    r.afterId = newestId();
    r.limit = api::kMaxCommentsPage;
    request(r, [this](const CommentOutcome &outcome) {
        m_catchingUp = false;
        endLoading();
        if (!outcome.ok())
            return; // the next push or coming online asks again
        merge(outcome.comments);
        setCount(outcome.commentCount);
        if ((!outcome.final && !outcome.comments.isEmpty()) || m_catchUpAgain)
            catchUp();
    });
}

void CommentsThread::onPush(qint64 channelId, qint64 postId, qint64 count, qint64 lastCommentId) {
    if (channelId != m_channelId || postId != m_postId || !m_loaded)
        return;
    const qint64 shownCount = m_count;
    setCount(count);
    if (lastCommentId > newestId())
        catchUp();
    else if (count < shownCount || lastCommentId < newestId())
        loadNewest(); // a deletion (§22.1): the newest page again, without what is gone
}

int CommentsThread::unsentRow(qint64 randomId) const {
    for (int i = 0; i < m_unsent.size(); ++i)
        if (m_unsent.at(i).randomId == randomId)
            return int(m_rows.size()) + i;
    return -1;
}

bool CommentsThread::send(const QString &text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        setError(tr("A comment cannot be empty."));
        return false;
    }
    if (text.size() > api::kMaxCommentChars) {
        setError(errorText(QStringLiteral("TOO_LARGE"), {}, 0, true));
        return false;
    }
    if (m_channelId <= 0 || m_postId <= 0)
        return false;
    setError({});
    Unsent u;
    u.randomId = crypto::randomNonZeroInt63();
    u.text = text;
    u.date = QDateTime::currentMSecsSinceEpoch();
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_unsent.append(u);
    endInsertRows();
    sendUnsent(u.randomId);
    return true;
}

void CommentsThread::sendUnsent(qint64 randomId) {
    const int row = unsentRow(randomId);
    if (row < 0)
        return;
    Unsent &u = m_unsent[row - m_rows.size()];
    if (u.inFlight)
        return;
    u.inFlight = true;
    u.failed = false;
    emit dataChanged(index(row), index(row), {FailedRole});
    CommentRequest r;
    r.kind = CommentRequest::Kind::Write;
    r.channelId = m_channelId;
    r.postId = m_postId;
    r.randomId = randomId;
    r.text = u.text;
    request(r, [this, randomId](const CommentOutcome &outcome) {
        const int at = unsentRow(randomId);
        if (at >= 0)
            m_unsent[at - m_rows.size()].inFlight = false;
        applyWrite(randomId, outcome);
    });
}

void CommentsThread::applyWrite(qint64 randomId, const CommentOutcome &outcome) {
    if (outcome.ok()) {
        const bool shownUnsent = unsentRow(randomId) >= 0;
        setCount(outcome.commentCount);
        merge(outcome.comments); // drops the unsent twin (the answer carries the random id)
        if (shownUnsent && !outcome.comments.isEmpty())
            emit sent(double(outcome.comments.first().id));
        return;
    }
    if (outcome.code == QLatin1String("OFFLINE"))
        return; // stays unsent (and in the outbox); sent again, same random id, when online
    const int at = unsentRow(randomId);
    if (at < 0)
        return;
    setError(errorText(outcome.code, outcome.message, outcome.retryAfterMs, true));
    m_unsent[at - m_rows.size()].failed = true;
    emit dataChanged(index(at), index(at), {FailedRole});
}

void CommentsThread::retry(int row) {
    if (row >= m_rows.size() && row < rowCount())
        sendUnsent(m_unsent.at(row - m_rows.size()).randomId);
}

void CommentsThread::discard(int row) {
    if (row < m_rows.size() || row >= rowCount() || m_unsent.at(row - m_rows.size()).inFlight)
        return;
    if (m_context)
        m_context->store()->write(
            [randomId = m_unsent.at(row - m_rows.size()).randomId](storage::WriteTransaction &tx) {
                PendingComments::remove(tx, randomId);
            });
    beginRemoveRows({}, row, row);
    m_unsent.removeAt(row - m_rows.size());
    endRemoveRows();
}

void CommentsThread::remove(double commentId) {
    const auto id = qint64(commentId);
    const auto at = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                 [id](const api::Comment &c) { return c.id == id; });
    if (at == m_rows.cend() || m_deleting.contains(id))
        return;
    m_deleting.insert(id);
    const int row = int(at - m_rows.cbegin());
    emit dataChanged(index(row), index(row), {DeletingRole});
    setError({});
    CommentRequest r;
    r.kind = CommentRequest::Kind::Delete;
    r.channelId = m_channelId;
    r.postId = m_postId;
    r.commentId = id;
    request(r, [this, id](const CommentOutcome &outcome) {
        m_deleting.remove(id);
        const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                     [id](const api::Comment &c) { return c.id == id; });
        const int shown = it == m_rows.cend() ? -1 : int(it - m_rows.cbegin());
        if (!outcome.ok()) {
            setError(errorText(outcome.code, outcome.message, outcome.retryAfterMs, false));
            if (shown >= 0)
                emit dataChanged(index(shown), index(shown), {DeletingRole});
            return;
        }
        setCount(outcome.commentCount);
        if (shown >= 0) { // deleted now, or before (a retry): gone either way
            beginRemoveRows({}, shown, shown);
            m_rows.removeAt(shown);
            endRemoveRows();
        }
    });
}

} // namespace msgr::core
