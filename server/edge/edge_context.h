#pragma once
//! What every session of the edge shares: the server's services, the limits, the caps, the
//! trusted proxies and the live-session registry. Outlives every session (EdgeServer owns it
//! and stops the connection threads before destroying it).
#include "server/edge/address_range.h"
#include "server/edge/connection_caps.h"
#include "server/edge/edge_limits.h"
#include "server/edge/session_registry.h"
#include "server/server_context.h"

namespace msgr::server {

struct EdgeContext {
    EdgeContext(ServerContext &s, EdgeLimits l, int maxConnections, AddressRanges proxies,
                AddressRanges metrics)
        : server(s), limits(l), caps(maxConnections, l.maxConnectionsPerAddress),
          trustedProxies(std::move(proxies)), metricsFrom(std::move(metrics)) {}

    ServerContext &server;
    const EdgeLimits limits;
    ConnectionCaps caps;
    const AddressRanges trustedProxies;
    //! Who may read /metrics (the counters say how busy the server is; not for everyone).
    const AddressRanges metricsFrom;
    SessionRegistry registry;
};

} // namespace msgr::server
