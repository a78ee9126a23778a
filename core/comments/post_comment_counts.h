#pragma once
//! The comment counts of one channel's posts, for the chat view's "N comments" / "Leave a
//! comment" under each post (QML: Messenger.Comments, PostCommentCounts { context; chatId }).
//! Read from the store (CommentCounts, off the GUI thread) when the chat is set and again when
//! the store says the chat changed (an answer or a live postComments push moved a count).
//! Bindings read count(postId) and depend on `revision`, which moves with every reload.
//! Pushes missed while closed or offline are repaired when the chat is shown and whenever the
//! engine comes online: the channel's newest kRefreshedPosts posts are asked for again, and
//! their counts (as of the answer) stored; while older posts with a stored count remain below
//! the page, the next older page is asked for too, up to kMaxRefreshedPages pages in all (so
//! a known count far back is repaired as well; a post past that bound, or one that had no
//! comments when last fetched, is repaired when its page is fetched again).
//!
//! Thread affinity: the GUI thread.
#include "core/context/core_context.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::storage {
struct ChangeSet;
}

namespace msgr::core {

class PostCommentCounts : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The channel's chat id (0: none, every count is 0).
    Q_PROPERTY(double chatId READ chatId WRITE setChatId NOTIFY chatIdChanged)
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)
public:
    static constexpr int kRefreshedPosts = 50;
    static constexpr int kMaxRefreshedPages = 10;

    explicit PostCommentCounts(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double chatId() const { return double(m_chatId); }
    void setChatId(double id);
    int revision() const { return m_revision; }

    //! The post's comment count as last stored (0: none).
    Q_INVOKABLE int count(double postId) const;

signals:
    void contextChanged();
    void chatIdChanged();
    void revisionChanged();

private:
    void reload();
    void refreshFromServer();
    //! The page below `beforeId` (0: the newest), then older ones while stored counts remain.
    void refreshPage(qint64 beforeId, int pagesDone);
    void onStoreChanged(const msgr::storage::ChangeSet &changes);

    QPointer<CoreContext> m_context;
    QMetaObject::Connection m_storeConnection;
    QMetaObject::Connection m_onlineConnection;
    qint64 m_chatId = 0;
    quint64 m_generation = 0;
    int m_revision = 0;
    QHash<qint64, qint64> m_counts;
};

} // namespace msgr::core
