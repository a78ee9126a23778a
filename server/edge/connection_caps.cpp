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
    if (!m_caps->tryRebind(m_address, address))
        return false;
    m_address = address;
    return true;
}

std::optional<ConnectionSlot> ConnectionCaps::tryAcquire(const QString &address) {
    std::lock_guard lock(m_mutex);
    if (m_open >= m_total)
        return std::nullopt;
    int &count = m_byAddress[address];
    if (m_perAddress > 0 && count >= m_perAddress) {
        if (count == 0)
            m_byAddress.remove(address);
        return std::nullopt;
    }
    ++count;
    ++m_open;
    return ConnectionSlot(this, address);
}

bool ConnectionCaps::tryRebind(const QString &from, const QString &to) {
    std::lock_guard lock(m_mutex);
    int &count = m_byAddress[to];
    if (m_perAddress > 0 && count >= m_perAddress) {
        if (count == 0)
            m_byAddress.remove(to);
        return false;
    }
    ++count;
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
