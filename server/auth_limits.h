#pragma once
//! The limits of sign-up, log-in and sessions (docs/protocol.md §1, docs/server.md). Each is a
//! setting (server/config.h); the defaults are the documented ones.
#include "protocol/api/drafts.h"
#include "protocol/api/invites.h"
#include "server/login_throttle.h"

#include <QtGlobal>

namespace msgr::server {

struct AuthLimits {
    //! Failed log-ins: growing delays per (account, address) and per address.
    LoginThrottleLimits login;
    //! Sign-ups per client address: a bucket of `signUpBurst`, refilled at `signUpsPerHour`.
    int signUpBurst = 20;
    int signUpsPerHour = 360;
    //! Password hashes (Argon2id, ~80 ms and 64 MiB each) waiting or running, in all...
    int maxPendingHashJobs = 256;
    //! ...and from one client address, so no address can take the whole queue.
    int maxPendingHashJobsPerAddress = 16;
    //! A session token unused this long (no auth.resume, no updates.getDifference) is expired:
    //! auth.resume answers UNAUTHORIZED and the device is revoked.
    qint64 sessionIdleMs = qint64(90) * 24 * 3600 * 1000;
    //! Writes (messages.send, messages.read/received, chats.openPrivate, devices.revoke,
    //! auth.logOut) per user, over all of the user's devices: a bucket of `userWriteBurst`
    //! refilled at `userWritesPerSecond`. One connection may make 50 requests a second, so a
    //! user with 50 devices would otherwise write at 50 times that.
    int userWriteBurst = 200;
    int userWritesPerSecond = 100;
    //! messages.setTyping per user, over all of the user's devices (docs/protocol.md §17): a
    //! bucket of `typingBurst` refilled at `typingPerMinute`. A client sends at most one notice
    //! per chat every 5 s while the user types, and one when the text is cleared or sent;
    //! a user typing in turn in a few chats stays well inside it.
    int typingBurst = 10;
    int typingPerMinute = 30;
    //! messages.saveDraft per user, over all of the user's devices (docs/protocol.md §17.2): a
    //! bucket of `draftBurst` refilled at `draftsPerMinute`.
    int draftBurst = protocol::api::kDraftSaveBurst;
    int draftsPerMinute = protocol::api::kDraftSavesPerMinute;
    //! groups.checkInvite and groups.joinByInvite together per user, over all of the user's
    //! devices (docs/protocol.md §20): a bucket of `inviteAttemptBurst` refilled at
    //! `inviteAttemptsPerHour`, so invite tokens cannot be tried at machine speed.
    int inviteAttemptBurst = protocol::api::kInviteAttemptBurst;
    int inviteAttemptsPerHour = protocol::api::kInviteAttemptsPerHour;
    //! Client addresses (or users) tracked by each keyed limit at most (memory bound).
    int maxTrackedKeys = 100'000;
};

} // namespace msgr::server
