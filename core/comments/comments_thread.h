#pragma once
//! The comments under one channel post, as the thread page shows them (issue 10 items 2 and 6;
//! QML: Messenger.Comments, CommentsThread { context: Session.context; channelId; postId }).
//! Rows ascend by comment id (oldest at the top), each with its sender's name, date, whether it
//! is the user's own and whether the user may delete it. The thread is read from the server
//! (CommentService, on the network thread): the newest page when opened, older pages as the
//! user scrolls up (loadOlder, beforeId = the oldest shown), and the newer ones after the
//! newest shown (afterId) when a postComments push names a newer comment or the connection
//! comes back; a push after a deletion reloads the newest page and drops what is gone
//! (docs/protocol.md §22.1). Rows are unique by comment id whatever order answers arrive in.
//! What the server answered is stored (StoredComments): a thread opened once shows its stored
//! rows at once, offline and after a restart, until the server's newest page replaces them.
//!
//! send() shows the comment at once as unsent, with a random id kept until the server has
//! it; the comment is kept in the comment outbox (PendingComments, encrypted database) before
//! it is sent, so one written offline, or whose connection dropped before the answer, stays
//! unsent across a restart (shown from the store) and is sent once by CommentService (same
//! random id: the server answers the stored one, `duplicate`) when online; the thread follows
//! its outcome through SyncEngine::commentWritten. discard() drops it from the store too. Refusals
//! become `error`, a sentence for the user (subscribe to comment, wait, at most 4096 characters).
//!
//! Thread affinity: the GUI thread.
#include "core/comments/comment_service.h"
#include "core/comments/pending_comments.h"
#include "core/context/core_context.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QSet>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class CommentsThread : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The channel and its post (doubles for QML; 0: none). Setting both loads the newest page.
    Q_PROPERTY(double channelId READ channelId WRITE setChannelId NOTIFY threadChanged)
    Q_PROPERTY(double postId READ postId WRITE setPostId NOTIFY threadChanged)
    //! The user is the channel's owner or an admin: may delete anyone's comment.
    Q_PROPERTY(bool moderator READ moderator WRITE setModerator NOTIFY moderatorChanged)
    //! The post's comment count as the server last said.
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    //! A page is being asked for.
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    //! Older comments remain on the server (scrolling up loads them).
    Q_PROPERTY(bool hasOlder READ hasOlder NOTIFY loadingChanged)
    //! The newest page came (the "No comments yet" text waits for it).
    Q_PROPERTY(bool loaded READ loaded NOTIFY loadingChanged)
    //! Why the last act was refused ("" when it was not).
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int maxLength READ maxLength CONSTANT)
public:
    enum Role {
        CommentIdRole = Qt::UserRole + 1,
        SenderIdRole,
        SenderNameRole,
        DateRole,
        TextRole,
        OwnRole,
        CanDeleteRole,
        DeletingRole,
        UnsentRole,
        FailedRole,
    };
    Q_ENUM(Role)

    explicit CommentsThread(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double channelId() const { return double(m_channelId); }
    void setChannelId(double id);
    double postId() const { return double(m_postId); }
    void setPostId(double id);
    bool moderator() const { return m_moderator; }
    void setModerator(bool moderator);
    int count() const { return int(qMin<qint64>(m_count, INT_MAX)); }
    bool loading() const { return m_loading > 0; }
    bool hasOlder() const { return m_hasOlder; }
    bool loaded() const { return m_loaded; }
    QString error() const { return m_error; }
    static int maxLength() { return protocol::api::kMaxCommentChars; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! The page older than the oldest shown (nothing while one is asked for, or none remain).
    Q_INVOKABLE void loadOlder();
    //! Asks for the newest page again (the user's "Retry" after a failed load).
    Q_INVOKABLE void reload();
    //! Writes a comment (shown at once as unsent). False, with `error` set, when the text is
    //! empty or longer than maxLength.
    Q_INVOKABLE bool send(const QString &text);
    //! Sends the unsent comment of row `row` again (its random id unchanged).
    Q_INVOKABLE void retry(int row);
    //! Drops an unsent comment of row `row` (never sent, or refused).
    Q_INVOKABLE void discard(int row);
    //! Deletes a comment (the user's own, or any as a moderator).
    Q_INVOKABLE void remove(double commentId);
    //! The sentence for a refusal (`writing`: of a comment being written).
    static QString errorText(const QString &code, const QString &serverMessage, qint64 retryAfterMs,
                             bool writing);

signals:
    void contextChanged();
    void threadChanged();
    void moderatorChanged();
    void countChanged();
    void loadingChanged();
    void errorChanged();
    //! Older comments were put above the rows shown (the view keeps its reading position).
    void olderLoaded(int rows);
    //! A comment of the user's reached the server.
    void sent(double commentId);

private:
    struct Unsent {
        qint64 randomId = 0;
        QString text;
        qint64 date = 0;
        bool inFlight = false;
        bool failed = false;
    };
    void start();
    void resetRows();
    //! The rows stored when the thread was last open (StoredComments): shown until the
    //! server's newest page comes, offline for good.
    void loadStored();
    void loadNewest();
    //! Comments after the newest shown, page after page, until the server says final.
    void catchUp();
    void sendUnsent(qint64 randomId);
    //! What a write of the unsent comment `randomId` came to (its own answer, or the outbox's).
    void applyWrite(qint64 randomId, const CommentOutcome &outcome);
    //! Shows the post's comments of the outbox not shown yet (after a restart).
    void showPending(const QList<PendingComment> &pending);
    void onPush(qint64 channelId, qint64 postId, qint64 count, qint64 lastCommentId);
    void request(const CommentRequest &request, std::function<void(const CommentOutcome &)> then);
    //! Adds comments not shown yet, in id order; the rows of ids already shown stay.
    void merge(const QList<protocol::api::Comment> &comments);
    //! Rows of ids at or above `fromId` that `page` (the newest page) does not have are gone.
    void dropMissing(const QList<protocol::api::Comment> &page, qint64 fromId);
    //! Rows of ids below `id` go.
    void dropBelow(qint64 id);
    void setCount(qint64 count);
    void setError(const QString &error);
    void beginLoading();
    void endLoading();
    void requestNames(const QList<protocol::api::Comment> &comments);
    int unsentRow(qint64 randomId) const;
    qint64 newestId() const { return m_rows.isEmpty() ? 0 : m_rows.last().id; }

    QPointer<CoreContext> m_context;
    QList<QMetaObject::Connection> m_connections;
    qint64 m_channelId = 0;
    qint64 m_postId = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier thread
    bool m_moderator = false;
    qint64 m_count = 0;
    int m_loading = 0;
    bool m_loadingOlder = false;
    bool m_catchingUp = false;
    bool m_catchUpAgain = false;
    bool m_hasOlder = false;
    bool m_loaded = false;
    QString m_error;
    QList<protocol::api::Comment> m_rows; // ascending by id, unique
    QList<Unsent> m_unsent;               // shown after m_rows, in the order written
    QSet<qint64> m_deleting;
    QSet<qint64> m_confirmed; // random ids of the user's comments the server has
};

} // namespace msgr::core
