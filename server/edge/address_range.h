#pragma once
//! An IP address range in CIDR notation ("10.0.0.0/8", "::1/128", or one address), used for
//! trusted proxies and for who may read /metrics. Pure value type, any thread.
#include <boost/asio/ip/address.hpp>

#include <QString>
#include <QStringList>
#include <optional>

namespace msgr::server {

class AddressRange {
public:
    //! nullopt when `text` is not an address or CIDR range.
    static std::optional<AddressRange> parse(const QString &text);

    bool contains(const boost::asio::ip::address &address) const;
    QString toString() const;

private:
    boost::asio::ip::address m_network;
    int m_prefix = 0;
};

using AddressRanges = QList<AddressRange>;

//! A comma-separated list; nullopt (and the offending item in `bad`) when one is invalid.
std::optional<AddressRanges> parseAddressRanges(const QString &text, QString *bad = nullptr);
bool containsAddress(const AddressRanges &ranges, const boost::asio::ip::address &address);

//! IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) as plain IPv4, so one client has one key.
boost::asio::ip::address normalized(const boost::asio::ip::address &address);

//! The client's address: the TCP peer, or, when the peer is a trusted proxy, the rightmost
//! address of X-Forwarded-For that is not itself a trusted proxy. A malformed header is
//! ignored (the peer's own address is used), never trusted in part.
boost::asio::ip::address clientAddress(const boost::asio::ip::address &peer,
                                       std::string_view forwardedFor,
                                       const AddressRanges &trustedProxies);

} // namespace msgr::server
