#pragma once
//! How many connections are open, in all and per client address, against the caps of
//! EdgeLimits. A slot is taken at accept (before any byte is read) and given back when its
//! connection ends, so a peer that opens sockets and sends nothing still counts. Thread-safe.
#include <QHash>
#include <QString>
#include <memory>
#include <mutex>

namespace msgr::server {

class ConnectionCaps;

//! One counted connection; returns its slot when destroyed. Move-only.
class ConnectionSlot {
public:
    ConnectionSlot() = default;
    ConnectionSlot(ConnectionSlot &&other) noexcept;
    ConnectionSlot &operator=(ConnectionSlot &&other) noexcept;
    ~ConnectionSlot();

    //! Shared with the caps' table and every other connection from the same address.
    const QString &address() const { return m_address; }
    //! Counts this connection under another address (the client behind a trusted proxy);
    //! false, and the slot unchanged, when that address is already at its cap.
    bool rebind(const QString &address);

private:
    friend class ConnectionCaps;
    ConnectionSlot(ConnectionCaps *caps, QString address) : m_caps(caps), m_address(address) {}
    void release();

    ConnectionCaps *m_caps = nullptr;
    QString m_address;
};

class ConnectionCaps {
public:
    //! `perAddress` 0: unlimited.
    ConnectionCaps(int total, int perAddress) : m_total(total), m_perAddress(perAddress) {}

    //! A slot, or nullptr-like empty optional when a cap is reached.
    std::optional<ConnectionSlot> tryAcquire(const QString &address);
    int open() const;
    int total() const { return m_total; }

private:
    friend class ConnectionSlot;
    //! On success `to` becomes the table's copy of the address (shared, not copied).
    bool tryRebind(const QString &from, QString *to);
    void release(const QString &address);

    const int m_total;
    const int m_perAddress;
    mutable std::mutex m_mutex;
    int m_open = 0;
    QHash<QString, int> m_byAddress;
};

} // namespace msgr::server
