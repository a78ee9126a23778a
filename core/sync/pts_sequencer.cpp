#include "core/sync/pts_sequencer.h"

namespace msgr::core {

void PtsSequencer::setLocalPts(qint64 pts) {
    m_local = pts;
    // Anything the new position already covers was applied by the difference.
    while (!m_held.empty() && m_held.begin()->first <= m_local)
        m_held.erase(m_held.begin());
}

PtsSequencer::Outcome PtsSequencer::offer(const protocol::LoggedUpdate &update) {
    if (update.pts <= m_local)
        return Outcome::Ignored;
    m_held.emplace(update.pts, update);
    if (m_held.begin()->first == m_local + 1)
        return Outcome::Apply;
    if (qsizetype(m_held.size()) > kMaxHeld)
        return Outcome::Overflow;
    return Outcome::Gap;
}

QList<protocol::LoggedUpdate> PtsSequencer::takeReady() {
    QList<protocol::LoggedUpdate> ready;
    while (!m_held.empty() && m_held.begin()->first == m_local + 1) {
        ready.append(m_held.begin()->second);
        m_local = m_held.begin()->first;
        m_held.erase(m_held.begin());
    }
    return ready;
}

} // namespace msgr::core
