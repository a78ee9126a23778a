#include "core/groups/invite_joiner.h"

#include "core/engine/sync_engine.h"
#include "core/groups/group_answer_text.h"
#include "core/groups/group_service.h"
#include "core/groups/invite_link.h"

namespace msgr::core {

InviteJoiner::InviteJoiner(QObject *parent) : QObject(parent) {}

void InviteJoiner::reset() {
    ++m_generation;
    m_token.clear();
    m_busy = false;
    m_previewed = false;
    m_title.clear();
    m_memberCount = 0;
    m_alreadyMember = false;
    m_memberChatId = 0;
    m_error.clear();
    emit changed();
}

bool InviteJoiner::refuseOffline() {
    if (m_context && m_context->engine())
        return false;
    m_error = groupAnswerText(GroupAnswer::refused(QStringLiteral("OFFLINE"), {}));
    emit changed();
    return true;
}

void InviteJoiner::check(const QString &text) {
    reset();
    const std::optional<QString> token = groups::inviteTokenFrom(text);
    if (!token) {
        m_error =
            tr("This is not an invite link. It looks like %1…").arg(groups::inviteLinkPrefix());
        emit changed();
        return;
    }
    if (refuseOffline())
        return;
    m_token = *token;
    m_busy = true;
    emit changed();
    const quint64 generation = m_generation;
    m_context->engine()->groupQuery(
        api::CheckInvite{m_token}, this,
        [this, generation](const GroupAnswer &answer) { checked(answer, generation); });
}

void InviteJoiner::checked(const GroupAnswer &answer, quint64 generation) {
    if (generation != m_generation)
        return;
    m_busy = false;
    if (answer.ok()) {
        m_previewed = true;
        m_title = answer.preview.title;
        m_memberCount = int(answer.preview.memberCount);
        m_alreadyMember = answer.preview.member;
        m_memberChatId = answer.preview.chatId;
    } else {
        m_error = groupAnswerText(answer);
    }
    emit changed();
}

void InviteJoiner::join() {
    if (!m_previewed || m_busy)
        return;
    if (m_alreadyMember && m_memberChatId > 0) {
        emit joined(double(m_memberChatId), m_title);
        return;
    }
    if (refuseOffline())
        return;
    m_busy = true;
    m_error.clear();
    emit changed();
    const quint64 generation = m_generation;
    m_context->engine()->groupCall(
        api::JoinByInvite{m_token}, this,
        [this, generation](const GroupOutcome &outcome) { finishJoin(outcome, generation); });
}

void InviteJoiner::finishJoin(const GroupOutcome &outcome, quint64 generation) {
    if (generation != m_generation)
        return;
    m_busy = false;
    if (!outcome.ok()) {
        m_error = groupAnswerText(
            GroupAnswer::refused(outcome.code, outcome.message, outcome.retryAfterMs));
        emit changed();
        return;
    }
    emit changed();
    emit joined(double(outcome.chatId), m_title);
}

} // namespace msgr::core
