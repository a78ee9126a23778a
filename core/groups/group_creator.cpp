#include "core/groups/group_creator.h"

#include "core/engine/sync_engine.h"
#include "core/groups/group_service.h"
#include "protocol/limits.h"

#include <QRandomGenerator>

namespace msgr::core {

namespace {
//! A uniformly random non-zero 63-bit id (docs/protocol.md §5: as messages.send's).
qint64 newRandomId() {
    qint64 id = 0;
    while (id == 0)
        id = qint64(QRandomGenerator::system()->generate64() >> 1);
    return id;
}
} // namespace

GroupCreator::GroupCreator(QObject *parent) : QObject(parent), m_randomId(newRandomId()) {}

void GroupCreator::reset() {
    m_randomId = newRandomId();
}

void GroupCreator::setBusy(bool busy) {
    if (m_busy != busy) {
        m_busy = busy;
        emit busyChanged();
    }
}

void GroupCreator::create(const QString &title, const QVariantList &userIds) {
    const QString trimmed = title.trimmed();
    if (trimmed.isEmpty()) {
        emit failed(tr("A group needs a name."));
        return;
    }
    if (trimmed.size() > protocol::kMaxGroupTitleChars) {
        emit failed(tr("A group's name has at most %n characters.", nullptr,
                       protocol::kMaxGroupTitleChars));
        return;
    }
    if (!m_context || !m_context->engine()) {
        emit failed(tr("Not connected: try again when online."));
        return;
    }
    QList<qint64> ids;
    for (const QVariant &id : userIds)
        ids.append(qint64(id.toDouble()));
    setBusy(true);
    m_context->engine()->groupCall(api::CreateGroup{m_randomId, trimmed, ids}, this,
                                   [this, trimmed](const GroupOutcome &outcome) {
                                       setBusy(false);
                                       if (!outcome.ok()) {
                                           emit failed(
                                               outcome.code == QLatin1String("OFFLINE")
                                                   ? tr("Not connected: try again when online.")
                                                   : outcome.message);
                                           return;
                                       }
                                       reset(); // the next Create makes another group
                                       emit created(double(outcome.chatId), trimmed);
                                   });
}

} // namespace msgr::core
