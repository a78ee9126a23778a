#include "server/edge/connection_caps.h"

namespace msgr::server {

ConnectionSlot::ConnectionSlot(ConnectionSlot &&other) noexcept
    : m_caps(std::exchange(other.m_caps, nullptr)), m_address(std::move(other.m_address)) {}

ConnectionSlot &ConnectionSlot::operator=(ConnectionSlot &&other) noexcept {
    if (this != &other) {
        release();
        m_caps = std::exchange(other.m_caps, nullptr);
        m_address = std::move(other.m_address);
    }
    return *this;
}

ConnectionSlot::~ConnectionSlot() {
    release();
}

void ConnectionSlot::release() {
    if (m_caps)
        m_caps->release(m_address);
    m_caps = nullptr;
}

bool ConnectionSlot::rebind(const QString &address) {
    if (!m_caps || address == m_address)
        return true;
    QString shared = address;
    if (!m_caps->tryRebind(m_address, &shared))
        return false;
    m_address = std::move(shared);
    return true;
}

std::optional<ConnectionSlot> ConnectionCaps::tryAcquire(const QString &address) {
    std::lock_guard lock(m_mutex);
    if (m_open >= m_total)
        return std::nullopt;
    auto it = m_byAddress.find(address);
    if (it == m_byAddress.end())
        it = m_byAddress.insert(address, 0);
    if (m_perAddress > 0 && *it >= m_perAddress)
        return std::nullopt; // at the cap: the entry has a count, so it stays
    ++*it;
    ++m_open;
    // The slot shares the table's copy of the address (implicitly shared): every connection
    // from one address holds one string between them, not one each.
    return ConnectionSlot(this, it.key());
}

bool ConnectionCaps::tryRebind(const QString &from, QString *to) {
    std::lock_guard lock(m_mutex);
    auto target = m_byAddress.find(*to);
    if (target == m_byAddress.end())
        target = m_byAddress.insert(*to, 0);
    if (m_perAddress > 0 && *target >= m_perAddress)
        return false;
    ++*target;
    *to = target.key(); // shared with the table, as in tryAcquire
    auto it = m_byAddress.find(from);
    if (it != m_byAddress.end() && --*it <= 0)
        m_byAddress.erase(it);
    return true;
}

void ConnectionCaps::release(const QString &address) {
    std::lock_guard lock(m_mutex);
    --m_open;
    auto it = m_byAddress.find(address);
    if (it != m_byAddress.end() && --*it <= 0)
        m_byAddress.erase(it);
}

int ConnectionCaps::open() const {
    std::lock_guard lock(m_mutex);
    return m_open;
}

} // namespace msgr::server
