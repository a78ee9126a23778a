#include "server/domain/contacts.h"

#include "server/domain/blocking.h"
#include "server/domain/profiles.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"

#include <QDateTime>

namespace msgr::server::domain {

namespace {

namespace api = protocol::api;
using api::ContactStatus;
using protocol::ErrorCode;

StoreResult<ContactChange> refuseContact(ErrorCode code, const QString &message) {
    ContactChange change;
    change.refused = Refusal{code, message};
    return change;
}

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

//! The answer: the pair as the caller sees it, after logging it to both sides when `changed`.
StoreResult<ContactChange> answer(RecordWriter &records, qint64 callerId, qint64 peerId, qint64 now,
                                  bool changed) {
    ContactChange change;
    std::optional<api::ContactEntry> mine = Contacts::entryFor(records, callerId, peerId, now);
    if (!mine)
        return StoreError::NotFound;
    change.entry = std::move(*mine);
    if (changed) {
        change.updates.append(
            UpdateLog::append(records, callerId, protocol::ContactChangedUpdate{change.entry}));
        if (std::optional<api::ContactEntry> theirs =
                Contacts::entryFor(records, peerId, callerId, now))
            change.updates.append(
                UpdateLog::append(records, peerId, protocol::ContactChangedUpdate{*theirs}));
    }
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

//! Makes the two users contacts of each other and drops the invitations between them.
StoreResult<ContactChange> connect(RecordWriter &records, qint64 callerId, qint64 peerId,
                                   qint64 now) {
    if (records.countContacts(callerId) >= api::kMaxContacts ||
        records.countContacts(peerId) >= api::kMaxContacts)
        return refuseContact(
            ErrorCode::LimitExceeded,
            QStringLiteral("a contact list holds at most %1 users").arg(api::kMaxContacts));
    records.insertContact(callerId, peerId, now);
    records.insertContact(peerId, callerId, now);
    records.deleteInvite(callerId, peerId);
    records.deleteInvite(peerId, callerId);
    return answer(records, callerId, peerId, now, true);
}

bool isPending(const std::optional<InviteRecord> &invite) {
    return invite && invite->state == InviteState::Pending;
}

StoreResult<ContactChange> inviteUser(RecordWriter &records, qint64 callerId,
                                      const QString &username, qint64 now) {
    const std::optional<Account> target = records.accountByUsername(username);
    if (!target)
        return StoreError::NotFound;
    const qint64 peerId = target->user.id;
    if (peerId == callerId)
        return refuseContact(ErrorCode::BadRequest, QStringLiteral("one cannot invite oneself"));
    if (std::optional<Refusal> blocked = blocking::refusal(records, callerId, peerId))
        return refuseContact(blocked->code, blocked->message);
    if (records.contactSince(callerId, peerId))
        return answer(records, callerId, peerId, now, false);
    if (isPending(records.invite(peerId, callerId)))
        return connect(records, callerId, peerId, now); // they asked first: mutual
    if (const std::optional<InviteRecord> mine = records.invite(callerId, peerId)) {
        if (mine->state == InviteState::Pending)
            return answer(records, callerId, peerId, now, false); // a retry
        const qint64 cooloff = mine->state == InviteState::Denied ? api::kDeniedInviteCooloffMs
                                                                  : api::kCancelledInviteCooloffMs;
        if (now < mine->decidedAt + cooloff)
            return refuseContact(
                ErrorCode::LimitExceeded,
                QStringLiteral("the last invitation to this user was %1; a new one "
                               "may be sent from %2")
                    .arg(mine->state == InviteState::Denied ? QStringLiteral("denied")
                                                            : QStringLiteral("cancelled"),
                         isoTime(mine->decidedAt + cooloff)));
    }
    if (records.countContacts(callerId) >= api::kMaxContacts)
        return refuseContact(
            ErrorCode::LimitExceeded,
            QStringLiteral("a contact list holds at most %1 users").arg(api::kMaxContacts));
    if (records.countPendingInvitesFrom(callerId) >= api::kMaxOutgoingInvites)
        return refuseContact(ErrorCode::LimitExceeded,
                             QStringLiteral("at most %1 invitations may be pending at once")
                                 .arg(api::kMaxOutgoingInvites));
    if (records.countPendingInvitesTo(peerId) >= api::kMaxIncomingInvites)
        return refuseContact(ErrorCode::LimitExceeded,
                             QStringLiteral("the user has too many pending invitations"));
    records.putInvite(InviteRecord{callerId, peerId, InviteState::Pending, now, 0});
    return answer(records, callerId, peerId, now, true);
}

//! Moves the pending invitation (fromId → toId) to `state`; a retry finds it there already.
StoreResult<ContactChange> decide(RecordWriter &records, qint64 callerId, qint64 peerId,
                                  qint64 fromId, qint64 toId, InviteState state, qint64 now) {
    const std::optional<InviteRecord> invite = records.invite(fromId, toId);
    if (invite && invite->state == state)
        return answer(records, callerId, peerId, now, false);
    if (!isPending(invite))
        return StoreError::NotFound;
    records.putInvite(InviteRecord{fromId, toId, state, invite->createdAt, now});
    return answer(records, callerId, peerId, now, true);
}

StoreResult<BlockChange> changeBlock(RecordWriter &records, qint64 callerId, qint64 userId,
                                     bool blocked, qint64 now) {
    BlockChange change;
    change.blocked = blocked;
    if (userId == callerId) {
        change.refused = Refusal{ErrorCode::BadRequest, QStringLiteral("one cannot block oneself")};
        return change;
    }
    if (!records.user(userId))
        return StoreError::NotFound;
    if (records.isBlocked(callerId, userId) == blocked) {
        change.callerPts = UpdateLog::currentPts(records, callerId);
        return change; // already so: a retry
    }
    if (blocked) {
        if (records.countBlocked(callerId) >= api::kMaxBlockedUsers) {
            change.refused = Refusal{
                ErrorCode::LimitExceeded,
                QStringLiteral("at most %1 users may be blocked").arg(api::kMaxBlockedUsers)};
            return change;
        }
        records.insertBlock(callerId, userId, now);
    } else {
        records.deleteBlock(callerId, userId);
    }
    change.updates.append(
        UpdateLog::append(records, callerId, protocol::BlockedChangedUpdate{userId, blocked}));
    if (blocked) {
        // Pending invitations end: theirs as denied (what they see of any denial, no more),
        // the caller's own as cancelled. A contact stays one (as in Telegram); the block alone
        // stops messages.
        bool pairChanged = false;
        if (const auto theirs = records.invite(userId, callerId); isPending(theirs)) {
            records.putInvite(
                InviteRecord{userId, callerId, InviteState::Denied, theirs->createdAt, now});
            pairChanged = true;
        }
        if (const auto mine = records.invite(callerId, userId); isPending(mine)) {
            records.putInvite(
                InviteRecord{callerId, userId, InviteState::Cancelled, mine->createdAt, now});
            pairChanged = true;
        }
        if (pairChanged) {
            StoreResult<ContactChange> logged = answer(records, callerId, userId, now, true);
            if (const StoreError *error = storeError(logged))
                return *error;
            change.updates += std::get<ContactChange>(logged).updates;
        }
    }
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

} // namespace

std::optional<api::ContactEntry> Contacts::entryFor(RecordReader &records, qint64 viewerId,
                                                    qint64 peerId, qint64 now) {
    std::optional<api::Profile> profile = Profiles::profileFor(records, peerId, viewerId, now);
    if (!profile)
        return std::nullopt;
    api::ContactEntry entry;
    entry.profile = std::move(*profile);
    if (const std::optional<qint64> since = records.contactSince(viewerId, peerId)) {
        entry.status = ContactStatus::Contact;
        entry.since = *since;
        return entry;
    }
    if (const std::optional<InviteRecord> mine = records.invite(viewerId, peerId)) {
        if (mine->state == InviteState::Pending) {
            entry.status = ContactStatus::Outgoing;
            entry.since = mine->createdAt;
            return entry;
        }
        if (mine->state == InviteState::Denied) {
            entry.status = ContactStatus::Denied;
            entry.since = mine->decidedAt;
            entry.retryAt = mine->decidedAt + api::kDeniedInviteCooloffMs;
            return entry;
        }
    }
    if (const std::optional<InviteRecord> theirs = records.invite(peerId, viewerId);
        isPending(theirs)) {
        entry.status = ContactStatus::Incoming;
        entry.since = theirs->createdAt;
    }
    return entry;
}

void Contacts::invite(qint64 callerId, const QString &username, qint64 now, Done done) {
    writeUnit<ContactChange>(
        m_store,
        [=](RecordWriter &records) { return inviteUser(records, callerId, username, now); },
        std::move(done));
}

void Contacts::accept(qint64 callerId, qint64 userId, qint64 now, Done done) {
    writeUnit<ContactChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ContactChange> {
            if (records.contactSince(callerId, userId))
                return answer(records, callerId, userId, now, false);
            if (!isPending(records.invite(userId, callerId)))
                return StoreError::NotFound;
            return connect(records, callerId, userId, now);
        },
        std::move(done));
}

void Contacts::deny(qint64 callerId, qint64 userId, qint64 now, Done done) {
    writeUnit<ContactChange>(
        m_store,
        [=](RecordWriter &records) {
            return decide(records, callerId, userId, userId, callerId, InviteState::Denied, now);
        },
        std::move(done));
}

void Contacts::cancel(qint64 callerId, qint64 userId, qint64 now, Done done) {
    writeUnit<ContactChange>(
        m_store,
        [=](RecordWriter &records) {
            return decide(records, callerId, userId, callerId, userId, InviteState::Cancelled, now);
        },
        std::move(done));
}

void Contacts::remove(qint64 callerId, qint64 userId, qint64 now, Done done) {
    writeUnit<ContactChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ContactChange> {
            const bool removed = records.deleteContact(callerId, userId);
            records.deleteContact(userId, callerId);
            return answer(records, callerId, userId, now, removed);
        },
        std::move(done));
}

StoreResult<ContactPage> Contacts::list(qint64 callerId, api::ContactFilter filter,
                                        qint64 afterUserId, int limit, qint64 now) {
    return readUnit<ContactPage>(m_store, [&](RecordReader &records) -> StoreResult<ContactPage> {
        ContactPage page;
        // pts first: a change committed in between comes again by getDifference (harmless).
        page.pts = UpdateLog::currentPts(records, callerId);
        QList<qint64> peers;
        // One row past the page says whether more follow.
        switch (filter) {
        case api::ContactFilter::Contacts:
            for (const ContactRow &row : records.contactsAfter(callerId, afterUserId, limit + 1))
                peers.append(row.userId);
            break;
        case api::ContactFilter::Incoming:
            for (const InviteRecord &row :
                 records.pendingInvitesTo(callerId, afterUserId, limit + 1))
                peers.append(row.fromId);
            break;
        case api::ContactFilter::Outgoing:
            for (const InviteRecord &row :
                 records.openInvitesFrom(callerId, afterUserId, limit + 1))
                peers.append(row.toId);
            break;
        }
        if (peers.size() > limit) {
            page.final = false;
            peers.resize(limit);
        }
        for (const qint64 peerId : peers) {
            if (std::optional<api::ContactEntry> entry = entryFor(records, callerId, peerId, now))
                page.entries.append(std::move(*entry));
        }
        return page;
    });
}

void Contacts::setBlocked(qint64 callerId, qint64 userId, bool blocked, qint64 now,
                          std::function<void(StoreResult<BlockChange>)> done) {
    writeUnit<BlockChange>(
        m_store,
        [=](RecordWriter &records) { return changeBlock(records, callerId, userId, blocked, now); },
        std::move(done));
}

StoreResult<BlockedPage> Contacts::blocked(qint64 callerId, qint64 afterUserId, int limit) {
    return readUnit<BlockedPage>(m_store, [&](RecordReader &records) -> StoreResult<BlockedPage> {
        BlockedPage page;
        QList<qint64> ids = records.blockedAfter(callerId, afterUserId, limit + 1);
        if (ids.size() > limit) {
            page.final = false;
            ids.resize(limit);
        }
        for (const qint64 id : ids) {
            if (std::optional<protocol::User> user = records.user(id))
                page.users.append(std::move(*user));
        }
        return page;
    });
}

} // namespace msgr::server::domain
