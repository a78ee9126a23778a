#pragma once
//! What the tests that drive the real Main.qml over a real client (ClientRoot) share: seeding
//! the profile through the sync engine's own update path, and finding a delegate of a view.
//! Header-only; include from one test file each. Main thread only.
#include "core/sync/sync_writes.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"

#include <QList>
#include <QObject>
#include <QQuickItem>
#include <QTest>

namespace msgr::test::qml {

//! Applies `updates` with the pts after `pts` (which it advances), as the engine would, and
//! waits until the store has written them; false when that does not happen within `timeoutMs`.
inline bool applyUpdates(storage::ProfileStore &store, const QList<protocol::Update> &updates,
                         qint64 &pts, int timeoutMs) {
    QList<protocol::LoggedUpdate> logged;
    for (const protocol::Update &u : updates)
        logged.append({++pts, u});
    bool done = false;
    QObject context;
    store.write(
        [logged, newPts = pts](storage::WriteTransaction &tx) {
            core::SyncWrites::applyUpdates(tx, logged, newPts);
        },
        &context, [&done] { done = true; });
    return QTest::qWaitFor([&] { return done; }, timeoutMs);
}

//! The first visible item named `name` at or below `from` (null `from`: none). findChild is no
//! help here: it does not reach StackView pages, and finds items a view keeps alive, hidden.
inline QQuickItem *visibleItem(QQuickItem *from, const QString &name) {
    if (!from || !from->isVisible())
        return nullptr;
    if (from->objectName() == name)
        return from;
    const QList<QQuickItem *> children = from->childItems();
    for (QQuickItem *child : children)
        if (QQuickItem *found = visibleItem(child, name))
            return found;
    return nullptr;
}

//! The item among the view's delegates whose `property` is `id`, or null.
inline QQuickItem *delegateWith(QQuickItem *view, const char *property, qint64 id) {
    auto *content = view->property("contentItem").value<QQuickItem *>();
    if (!content)
        return nullptr;
    for (QQuickItem *item : content->childItems()) {
        const QVariant value = item->property(property);
        if (value.isValid() && value.toDouble() == double(id))
            return item;
    }
    return nullptr;
}

} // namespace msgr::test::qml
