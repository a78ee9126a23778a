#include "server/edge/address_range.h"

#include "server/http_whitespace.h"

#include <array>
#include <vector>

namespace msgr::server {
namespace ip = boost::asio::ip;

namespace {
// X-Forwarded-For entries looked at, from the right; a longer chain is a peer playing games.
constexpr int kMaxForwardedHops = 16;

std::optional<ip::address> parseAddress(std::string_view text) {
    boost::system::error_code ec;
    const ip::address address = ip::make_address(std::string(text), ec);
    if (ec)
        return std::nullopt;
    return normalized(address);
}

} // namespace

ip::address normalized(const ip::address &address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return ip::make_address_v4(ip::v4_mapped, address.to_v6());
    return address;
}

std::optional<AddressRange> AddressRange::parse(const QString &text) {
    const QString t = text.trimmed();
    const qsizetype slash = t.indexOf(u'/');
    const auto address = parseAddress(t.left(slash < 0 ? t.size() : slash).toStdString());
    if (!address)
        return std::nullopt;
    const int bits = address->is_v4() ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
        bool ok = false;
        prefix = t.mid(slash + 1).toInt(&ok);
        if (!ok || prefix < 0 || prefix > bits)
            return std::nullopt;
    }
    AddressRange range;
    range.m_network = *address;
    range.m_prefix = prefix;
    return range;
}

bool AddressRange::contains(const ip::address &candidate) const {
    const ip::address a = normalized(candidate);
    if (a.is_v4() != m_network.is_v4())
        return false;
    std::vector<unsigned char> x, y;
    if (a.is_v4()) {
        const auto p = a.to_v4().to_bytes(), q = m_network.to_v4().to_bytes();
        x.assign(p.begin(), p.end());
        y.assign(q.begin(), q.end());
    } else {
        const auto p = a.to_v6().to_bytes(), q = m_network.to_v6().to_bytes();
        x.assign(p.begin(), p.end());
        y.assign(q.begin(), q.end());
    }
    int bits = m_prefix;
    for (size_t i = 0; i < x.size() && bits > 0; ++i, bits -= 8) {
        const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
        if ((x[i] & mask) != (y[i] & mask))
            return false;
    }
    return true;
}

QString AddressRange::toString() const {
    return QStringLiteral("%1/%2").arg(QString::fromStdString(m_network.to_string())).arg(m_prefix);
}

std::optional<AddressRanges> parseAddressRanges(const QString &text, QString *bad) {
    AddressRanges ranges;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts)) {
        const auto range = AddressRange::parse(item);
        if (!range) {
            if (bad)
                *bad = item.trimmed();
            return std::nullopt;
        }
        ranges.append(*range);
    }
    return ranges;
}

bool containsAddress(const AddressRanges &ranges, const ip::address &address) {
    for (const AddressRange &r : ranges) {
        if (r.contains(address))
            return true;
    }
    return false;
}

ip::address clientAddress(const ip::address &peer, std::string_view forwardedFor,
                          const AddressRanges &trustedProxies) {
    const ip::address self = normalized(peer);
    if (forwardedFor.empty() || !containsAddress(trustedProxies, self))
        return self;
    // Walk from the right: each hop was appended by the proxy in front of it; the first one
    // not operated by us is the client as far as we can know.
    std::string_view rest = forwardedFor;
    for (int hop = 0; hop < kMaxForwardedHops && !rest.empty(); ++hop) {
        const size_t comma = rest.rfind(',');
        const std::string_view item =
            trimmedHttpSpace(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        const auto address = parseAddress(item);
        if (!address)
            return self;
        if (!containsAddress(trustedProxies, *address))
            return *address;
    }
    return self;
}

} // namespace msgr::server
