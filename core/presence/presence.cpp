#include "core/presence/presence.h"

#include <QLocale>
#include <utility>

namespace msgr::core {

namespace {
constexpr int kMinuteMs = 60'000;
// Watched users are fetched again after each authorization; a bound keeps that one request.
constexpr qsizetype kMaxWatched = 100;
} // namespace

Presence::Presence(QObject *parent) : QObject(parent) {
    m_clock = [] { return QDateTime::currentDateTime(); };
    // Lines that say "N minutes ago" or "today" age with the clock.
    m_minute.setInterval(kMinuteMs);
    connect(&m_minute, &QTimer::timeout, this, &Presence::clockMoved);
    m_minute.start();
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(kIdleAfterMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        m_idle = true;
        if (m_presentSender)
            m_presentSender(false);
    });
}

void Presence::setAppActive(bool active, bool immediately) {
    if (active) {
        m_idleTimer.stop();
        if (std::exchange(m_idle, false) && m_presentSender)
            m_presentSender(true);
        return;
    }
    if (m_idle || m_idleTimer.isActive())
        return;
    if (immediately)
        m_idleTimer.start(0);
    else
        m_idleTimer.start(kIdleAfterMs);
}

void Presence::clockMoved() {
    if (m_fetcher && !m_group.isEmpty())
        m_fetcher(m_group);
    bump();
}

void Presence::watchGroup(const QList<double> &memberIds) {
    m_group.clear();
    for (const double id : memberIds) {
        if (id >= 1 && m_group.size() < kMaxWatched)
            m_group.append(qint64(id));
    }
    if (m_fetcher && !m_group.isEmpty())
        m_fetcher(m_group);
}

int Presence::onlineCount(const QList<double> &memberIds) const {
    int online = 0;
    for (const double id : memberIds)
        online += m_statuses.value(qint64(id)).online ? 1 : 0;
    return online;
}

void Presence::bump() {
    ++m_revision;
    emit changed();
}

QString Presence::lineFor(const Status &status, const QDateTime &now) {
    if (status.online)
        return tr("online");
    switch (status.bucket) {
    case 0:
        return tr("last seen recently");
    case 1:
        return tr("last seen within a week");
    case 2:
        return tr("last seen within a month");
    case 3:
        return tr("last seen a long time ago");
    default:
        break;
    }
    const QDateTime seen = QDateTime::fromMSecsSinceEpoch(status.lastSeenAt); // local time
    const qint64 ago = seen.msecsTo(now);
    if (ago < kMinuteMs)
        return tr("last seen just now");
    if (ago < 60 * qint64(kMinuteMs))
        return tr("last seen %n minute(s) ago", "", int(ago / kMinuteMs));
    const QLocale locale;
    const QString time = locale.toString(seen.time(), QLocale::ShortFormat);
    const qint64 days = seen.date().daysTo(now.date());
    if (days == 0)
        return tr("last seen today at %1").arg(time);
    if (days == 1)
        return tr("last seen yesterday at %1").arg(time);
    return tr("last seen %1").arg(locale.toString(seen.date(), QLocale::ShortFormat));
}

void Presence::noteStatus(qint64 userId, bool online, qint64 lastSeenAt, int bucket) {
    m_statuses.insert(userId, Status{online, lastSeenAt, bucket});
    bump();
}

void Presence::notePrivacy(const QString &privacyName) {
    if (m_privacy == privacyName)
        return;
    m_privacy = privacyName;
    emit privacyChanged();
}

void Presence::notePrivacyRefused(const QString &code) {
    emit privacyChanged(); // the choice shown goes back to the stored value
    emit privacyRefused(code);
}

void Presence::clearAll() {
    if (m_statuses.isEmpty())
        return;
    m_statuses.clear();
    bump();
}

void Presence::refetch() {
    if (m_idle && m_presentSender)
        m_presentSender(false); // the new connection starts in use
    if (m_fetcher && !m_watched.isEmpty())
        m_fetcher(m_watched.values());
}

void Presence::watch(double userId) {
    const auto id = qint64(userId);
    if (id < 1)
        return;
    if (!m_watched.contains(id)) {
        if (m_watched.size() >= kMaxWatched)
            m_watched.clear(); // the views open now re-watch theirs
        m_watched.insert(id);
    }
    if (m_fetcher)
        m_fetcher({id}); // a chat opened: its status now, whatever was known before
}

QString Presence::line(double userId) const {
    const auto it = m_statuses.constFind(qint64(userId));
    return it == m_statuses.cend() ? QString() : lineFor(*it, m_clock());
}

bool Presence::isOnline(double userId) const {
    return m_statuses.value(qint64(userId)).online;
}

void Presence::loadPrivacy() {
    if (m_privacySender)
        m_privacySender(QString());
}

void Presence::setLastSeenPrivacy(const QString &privacyName) {
    if (m_privacySender && !privacyName.isEmpty() && privacyName != m_privacy)
        m_privacySender(privacyName);
}

} // namespace msgr::core
