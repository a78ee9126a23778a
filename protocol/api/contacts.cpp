#include "protocol/api/contacts.h"

#include "protocol/api/auth.h" // isValidUsername
#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <array>
#include <utility>

namespace msgr::protocol::api {
using codec::L;
using codec::nameOf;
using codec::valueOf;

namespace {

constexpr std::array<std::pair<ContactStatus, const char *>, 5> kStatusNames{{
    {ContactStatus::None, "none"},
    {ContactStatus::Outgoing, "outgoing"},
    {ContactStatus::Incoming, "incoming"},
    {ContactStatus::Denied, "denied"},
    {ContactStatus::Contact, "contact"},
}};

constexpr std::array<std::pair<ContactFilter, const char *>, 3> kFilterNames{{
    {ContactFilter::Contacts, "contacts"},
    {ContactFilter::Incoming, "incoming"},
    {ContactFilter::Outgoing, "outgoing"},
}};

//! A paging cursor and page size, as contacts.list and contacts.listBlocked read them.
void readPage(MapReader &r, qint64 *afterUserId, int *limit) {
    *afterUserId = r.intOr(L("afterUserId"), 0, 0);
    *limit = int(r.intOr(L("limit"), kMaxContactsPage, 1, kMaxContactsPage));
}

} // namespace

QString contactStatusName(ContactStatus status) {
    return nameOf(kStatusNames, status);
}

std::optional<ContactStatus> contactStatusFromName(const QString &name) {
    return valueOf(kStatusNames, name);
}

QString contactFilterName(ContactFilter filter) {
    return nameOf(kFilterNames, filter);
}

std::optional<ContactFilter> contactFilterFromName(const QString &name) {
    return valueOf(kFilterNames, name);
}

QCborMap ContactEntry::toCbor() const {
    QCborMap map{{L("profile"), profile.toCbor()},
                 {L("status"), contactStatusName(status)},
                 {L("since"), since}};
    if (retryAt > 0)
        map.insert(L("retryAt"), retryAt);
    return map;
}

std::optional<ContactEntry> ContactEntry::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ContactEntry e;
    const QCborMap profileMap = r.requireMap(L("profile"));
    const QString status = r.requireString(L("status"), 1, 16);
    e.since = r.requireInt(L("since"), 0);
    e.retryAt = r.intOr(L("retryAt"), 0, 0);
    if (r.ok()) {
        const std::optional<ContactStatus> s = contactStatusFromName(status);
        if (!s)
            r.fail(ErrorCode::BadRequest, QStringLiteral("unknown status '%1'").arg(status));
        else
            e.status = *s;
    }
    if (!r.ok())
        return codec::finish(r, std::move(e), error);
    std::optional<Profile> profile = Profile::fromCbor(profileMap, error);
    if (!profile)
        return std::nullopt;
    e.profile = std::move(*profile);
    return e;
}

QCborMap ContactResult::toCbor() const {
    return {{L("entry"), entry.toCbor()}, {L("pts"), pts}};
}

std::optional<ContactResult> ContactResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(L("entry"));
    ContactResult result;
    result.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return codec::finish(r, std::move(result), error);
    std::optional<ContactEntry> entry = ContactEntry::fromCbor(inner, error);
    if (!entry)
        return std::nullopt;
    result.entry = std::move(*entry);
    return result;
}

QCborMap InviteContact::toCbor() const {
    return {{L("username"), username}};
}

Decoded<InviteContact> InviteContact::decode(const QCborValue &args) {
    auto d = codec::decodeWith<InviteContact>(args, [](MapReader &r, InviteContact &v) {
        // Folded: usernames are case-insensitive (stored lower case).
        v.username = r.requireString(L("username"), 1, kMaxUsernameChars).toLower();
    });
    if (d.ok() && !isValidUsername(d.value->username))
        return Decoded<InviteContact>::failed(ErrorCode::UsernameInvalid,
                                              QStringLiteral("no username has that form"));
    return d;
}

template <typename Tag> QCborMap ContactAct<Tag>::toCbor() const {
    return {{L("userId"), userId}};
}

template <typename Tag> Decoded<ContactAct<Tag>> ContactAct<Tag>::decode(const QCborValue &args) {
    return codec::decodeWith<ContactAct>(
        args, [](MapReader &r, ContactAct &v) { v.userId = r.requireInt(L("userId"), 1); });
}

template struct ContactAct<AcceptTag>;
template struct ContactAct<DenyTag>;
template struct ContactAct<CancelTag>;
template struct ContactAct<RemoveTag>;

QCborMap ContactsResult::toCbor() const {
    return {{L("entries"), codec::listToCbor(entries)}, {L("final"), final}, {L("pts"), pts}};
}

std::optional<ContactsResult> ContactsResult::fromCbor(const QCborMap &map, QString *error) {
    ContactsResult c;
    if (!codec::readList(map, L("entries"), &c.entries, error))
        return std::nullopt;
    MapReader r(map);
    c.final = r.boolOr(L("final"), true);
    c.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, std::move(c), error);
}

QCborMap ListContacts::toCbor() const {
    return {{L("filter"), contactFilterName(filter)},
            {L("afterUserId"), afterUserId},
            {L("limit"), limit}};
}

Decoded<ListContacts> ListContacts::decode(const QCborValue &args) {
    return codec::decodeWith<ListContacts>(args, [](MapReader &r, ListContacts &v) {
        const QString name = r.stringOr(L("filter"), QStringLiteral("contacts"), 16);
        readPage(r, &v.afterUserId, &v.limit);
        if (!r.ok())
            return;
        const std::optional<ContactFilter> named = contactFilterFromName(name);
        if (!named)
            return r.fail(ErrorCode::BadRequest,
                          QStringLiteral("filter is 'contacts', 'incoming' or 'outgoing'"));
        v.filter = *named;
    });
}

QCborMap BlockResult::toCbor() const {
    return {{L("userId"), userId}, {L("blocked"), blocked}, {L("pts"), pts}};
}

std::optional<BlockResult> BlockResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    BlockResult b;
    b.userId = r.requireInt(L("userId"), 1);
    if (!r.has(L("blocked")))
        r.requireInt(L("blocked")); // reports it missing
    b.blocked = r.boolOr(L("blocked"), false);
    b.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, b, error);
}

QCborMap SetBlocked::toCbor() const {
    return {{L("userId"), userId}, {L("blocked"), blocked}};
}

Decoded<SetBlocked> SetBlocked::decode(const QCborValue &args) {
    return codec::decodeWith<SetBlocked>(args, [](MapReader &r, SetBlocked &v) {
        v.userId = r.requireInt(L("userId"), 1);
        // Required, not defaulted: a client that meant "unblock" must never block by omission.
        if (!r.has(L("blocked")))
            r.requireInt(L("blocked"));
        v.blocked = r.boolOr(L("blocked"), false);
    });
}

QCborMap BlockedResult::toCbor() const {
    return {{L("users"), codec::listToCbor(users)}, {L("final"), final}};
}

std::optional<BlockedResult> BlockedResult::fromCbor(const QCborMap &map, QString *error) {
    BlockedResult b;
    if (!codec::readList(map, L("users"), &b.users, error))
        return std::nullopt;
    MapReader r(map);
    b.final = r.boolOr(L("final"), true);
    return codec::finish(r, std::move(b), error);
}

QCborMap ListBlocked::toCbor() const {
    return {{L("afterUserId"), afterUserId}, {L("limit"), limit}};
}

Decoded<ListBlocked> ListBlocked::decode(const QCborValue &args) {
    return codec::decodeWith<ListBlocked>(
        args, [](MapReader &r, ListBlocked &v) { readPage(r, &v.afterUserId, &v.limit); });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap ContactChangedUpdate::fields() const {
    return {{api::codec::L("entry"), entry.toCbor()}};
}

std::optional<ContactChangedUpdate> ContactChangedUpdate::fromFields(const QCborMap &map,
                                                                     QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(api::codec::L("entry"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<api::ContactEntry> entry = api::ContactEntry::fromCbor(inner, error);
    return entry ? std::optional<ContactChangedUpdate>(ContactChangedUpdate{*entry}) : std::nullopt;
}

QCborMap BlockedChangedUpdate::fields() const {
    return {{api::codec::L("userId"), userId}, {api::codec::L("blocked"), blocked}};
}

std::optional<BlockedChangedUpdate> BlockedChangedUpdate::fromFields(const QCborMap &map,
                                                                     QString *error) {
    MapReader r(map);
    BlockedChangedUpdate u;
    u.userId = r.requireInt(api::codec::L("userId"), 1);
    if (!r.has(api::codec::L("blocked")))
        r.requireInt(api::codec::L("blocked"));
    u.blocked = r.boolOr(api::codec::L("blocked"), false);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return u;
}

} // namespace msgr::protocol
