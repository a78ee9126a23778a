#include "core/presence/presence_relay.h"

#include "protocol/api/profiles.h"

#include <QLoggingCategory>
#include <utility>

namespace msgr::core {

Q_LOGGING_CATEGORY(lcPresence, "msgr.presence")

PresenceRelay::PresenceRelay(RequestChannel *channel, QObject *parent)
    : QObject(parent), m_channel(channel) {
    connect(channel, &RequestChannel::updateReceived, this, &PresenceRelay::onUpdate);
    connect(channel, &RequestChannel::authorized, this, [this] {
        m_linked = true;
        emit linked();
    });
    connect(channel, &RequestChannel::unauthorized, this, [this] {
        if (std::exchange(m_linked, false))
            emit linkLost();
    });
}

int PresenceRelay::bucketOf(const api::UserStatus &status) {
    return status.lastSeen ? int(*status.lastSeen) : -1;
}

void PresenceRelay::emitStatus(const api::UserStatus &status) {
    emit statusReceived(status.userId, status.online, status.lastSeenAt.value_or(0),
                        bucketOf(status));
}

void PresenceRelay::fetch(const QList<qint64> &userIds) {
    if (!m_channel || !m_channel->isAuthorized() || userIds.isEmpty())
        return;
    m_channel->call(api::GetPresence{userIds.mid(0, api::kMaxPresenceIds)}, this,
                    [this](api::Reply<api::PresenceResult> r) {
                        if (!r.ok()) {
                            if (!r.connectionLost)
                                qCDebug(lcPresence) << "presence refused:" << r.error.message;
                            return;
                        }
                        for (const api::UserStatus &s : std::as_const(r.value->statuses))
                            emitStatus(s);
                    });
}

void PresenceRelay::setPresent(bool online) {
    if (!m_channel || !m_channel->isAuthorized())
        return;
    m_channel->call(api::SetPresence{online}, this, [](api::Reply<api::Empty> r) {
        if (!r.ok() && !r.connectionLost)
            qCDebug(lcPresence) << "presence.set refused:" << r.error.message;
    });
}

void PresenceRelay::loadPrivacy(qint64 selfId) {
    if (!m_channel || !m_channel->isAuthorized() || selfId < 1)
        return;
    m_channel->call(api::GetProfiles{{selfId}}, this, [this](api::Reply<api::ProfilesResult> r) {
        if (r.ok() && !r.value->profiles.isEmpty() && r.value->profiles.first().privacy)
            emit privacyLoaded(api::lastSeenPrivacyName(*r.value->profiles.first().privacy));
    });
}

void PresenceRelay::setPrivacy(api::LastSeenPrivacy privacy) {
    if (!m_channel || !m_channel->isAuthorized()) {
        emit privacyRefused(QStringLiteral("OFFLINE"));
        return;
    }
    m_channel->call(
        api::SetLastSeenPrivacy{privacy}, this, [this](api::Reply<api::ProfileResult> r) {
            if (r.ok() && r.value->profile.privacy)
                emit privacyLoaded(api::lastSeenPrivacyName(*r.value->profile.privacy));
            else
                emit privacyRefused(r.connectionLost ? QStringLiteral("OFFLINE")
                                                     : protocol::errorCodeName(r.error.code));
        });
}

void PresenceRelay::onUpdate(const protocol::UpdateFrame &frame) {
    const QString type = frame.update.value(QStringLiteral("type")).toString();
    QString why;
    if (frame.pts == 0 && type == protocol::UserStatusUpdate::type) {
        if (const auto update = protocol::UserStatusUpdate::fromFields(frame.update, &why))
            emitStatus(update->status);
        else
            qCWarning(lcPresence) << "malformed userStatus push:" << why;
    } else if (frame.pts != 0 && type == protocol::ProfileChangedUpdate::type) {
        // The user's own profile changed on another device: its privacy is the setting now
        // (the log synchroniser applies the rest of the update).
        if (const auto update = protocol::ProfileChangedUpdate::fromFields(frame.update, &why);
            update && update->profile.privacy)
            emit privacyLoaded(api::lastSeenPrivacyName(*update->profile.privacy));
    }
}

} // namespace msgr::core
