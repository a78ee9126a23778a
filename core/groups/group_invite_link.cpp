#include "core/groups/group_invite_link.h"

#include "core/engine/sync_engine.h"
#include "core/groups/group_answer_text.h"
#include "core/groups/group_service.h"
#include "core/groups/invite_link.h"

#include <QClipboard>
#include <QGuiApplication>

namespace msgr::core {

GroupInviteLink::GroupInviteLink(QObject *parent) : QObject(parent) {}

void GroupInviteLink::setChatIdFromQml(double chatId) {
    const auto id = qint64(chatId);
    if (id == m_chatId)
        return;
    m_chatId = id;
    ++m_generation;
    setBusy(false);
    setLink({}); // another group's link is not this one's
    setError({});
    emit chatIdChanged();
}

void GroupInviteLink::create() {
    send(true);
}

void GroupInviteLink::revoke() {
    send(false);
}

void GroupInviteLink::copy() const {
    if (QClipboard *clipboard = QGuiApplication::clipboard(); clipboard && !m_link.isEmpty())
        clipboard->setText(m_link);
}

void GroupInviteLink::send(bool exporting) {
    if (m_busy || m_chatId <= 0)
        return;
    if (!m_context || !m_context->engine()) {
        setError(groupAnswerText(GroupAnswer::refused(QStringLiteral("OFFLINE"), {})));
        return;
    }
    setBusy(true);
    const quint64 generation = m_generation;
    const GroupQuery query = exporting ? GroupQuery{api::ExportInvite{m_chatId}}
                                       : GroupQuery{api::RevokeInvite{m_chatId}};
    m_context->engine()->groupQuery(query, this,
                                    [this, exporting, generation](const GroupAnswer &answer) {
                                        finish(answer, exporting, generation);
                                    });
}

void GroupInviteLink::finish(const GroupAnswer &answer, bool exporting, quint64 generation) {
    if (generation != m_generation)
        return;
    setBusy(false);
    if (!answer.ok()) {
        setError(groupAnswerText(answer));
        return;
    }
    setError({});
    if (exporting) {
        setLink(groups::inviteLink(answer.token));
    } else {
        setLink({});
        emit revoked();
    }
}

void GroupInviteLink::setLink(const QString &link) {
    if (link == m_link)
        return;
    m_link = link;
    emit linkChanged();
}

void GroupInviteLink::setError(const QString &error) {
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void GroupInviteLink::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

} // namespace msgr::core
