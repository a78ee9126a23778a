#pragma once
//! The rate limits of secret.getBundle (docs/protocol.md §12): every fetch hands out one of the
//! device's one-time pre-keys, so a caller that fetched in a loop would drain the pool and
//! leave the device's next secret chats without the key that gives them forward secrecy from
//! the first message. Two buckets: per requester (a user, over all their devices) and per
//! target device (whoever asks). Thread-safe.
#include "server/rate_limiter.h"

namespace msgr::server {

class Responder;

struct BundleFetchLimits {
    //! Bundles one user may fetch: a burst of `perRequesterBurst`, refilled per minute.
    int perRequesterBurst = 30;
    int perRequesterPerMinute = 30;
    //! Bundles of one device anyone may fetch: 10 a minute drains a pool of 100 in 10 minutes
    //! at the worst, long enough for the device, when online, to refill it.
    int perTargetBurst = 10;
    int perTargetPerMinute = 10;
    int maxTrackedKeys = 100'000;
};

class BundleFetchLimiter {
public:
    explicit BundleFetchLimiter(BundleFetchLimits limits = {});

    //! Takes a token for (requester, target device); when either has none, answers FLOOD_WAIT
    //! with the wait and returns false.
    bool admit(qint64 requesterUserId, qint64 targetDeviceId, qint64 nowMs, const Responder &reply);

private:
    KeyedRateLimiter m_perRequester;
    KeyedRateLimiter m_perTarget;
};

} // namespace msgr::server
