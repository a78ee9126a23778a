#pragma once
//! The one cache of users' names on the GUI thread: the chat list's titles, the senders in a
//! chat and the search hits all read it, so a name is loaded once and every view shows the same
//! one. Which name is shown (the display name, else the username) is decided here only.
//!
//! Thread affinity: the GUI thread; reads go to the profile store's worker, never the disk here.
#include <QHash>
#include <QObject>
#include <QSet>
#include <functional>
#include <utility>

namespace msgr::storage {
class ProfileStore;
struct UserRecord;
} // namespace msgr::storage

namespace msgr::core {

class UserNames : public QObject {
    Q_OBJECT
public:
    //! `store` must outlive the cache.
    explicit UserNames(storage::ProfileStore *store, QObject *parent = nullptr);

    //! The name to show for a user; empty while it is not stored (yet).
    QString name(qint64 userId) const { return m_names.value(userId); }
    //! Loads the names of `ids` not cached yet; `done` runs once they are (also when some are
    //! not stored), unless `context` is destroyed first. namesChanged() tells what changed.
    void request(const QList<qint64> &ids, QObject *context = nullptr,
                 std::function<void()> done = {});
    //! The store received names (the sync engine's usersStored): those asked for and missing
    //! are read again.
    void refresh();
    //! Names read by another job (the chat list reads its peers' names with its rows, so the
    //! first page has titles without a second trip to the storage thread behind the start-up
    //! loads): cached as if requested; `ids` asked for and not in `users` count as missing.
    void remember(const QList<qint64> &ids, const QList<storage::UserRecord> &users);

    static QString shownName(const storage::UserRecord &user);

    //! The first and last row of `rows` whose user (`userOf(row)`) is in `userIds`, or {-1, -1}:
    //! a model emits one dataChanged over that span, so a view repaints once.
    template <typename Rows, typename UserOf>
    static std::pair<int, int> rowsShowing(const Rows &rows, const QSet<qint64> &userIds,
                                           UserOf userOf) {
        int first = -1;
        int last = -1;
        for (int row = 0; row < int(rows.size()); ++row) {
            if (userIds.contains(userOf(rows[row]))) {
                first = first < 0 ? row : first;
                last = row;
            }
        }
        return {first, last};
    }

signals:
    void namesChanged(const QSet<qint64> &userIds);

private:
    void load(const QList<qint64> &ids, QObject *context, std::function<void()> done);

    storage::ProfileStore *m_store;
    QHash<qint64, QString> m_names;
    QSet<qint64> m_missing; // asked for, not stored when last read
};

} // namespace msgr::core
