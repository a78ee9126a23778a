#include "protocol/api/channels.h"

#include "protocol/api/auth.h" // isValidUsername
#include "protocol/api/codec.h"
#include "protocol/api/sync.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <algorithm>
#include <array>
#include <utility>

namespace msgr::protocol::api {
using codec::checked;
using codec::L;
using codec::notBlank;

namespace {

constexpr std::array<std::pair<ChannelRole, const char *>, 3> kRoleNames{{
    {ChannelRole::Subscriber, "subscriber"},
    {ChannelRole::Admin, "admin"},
    {ChannelRole::Owner, "owner"},
}};

//! A role name into `role`, recording BAD_REQUEST in `r` for an unknown one.
void readRole(MapReader &r, const QString &name, std::optional<ChannelRole> *role) {
    *role = channelRoleFromName(name);
    if (!*role)
        r.fail(ErrorCode::BadRequest, QStringLiteral("unknown role '%1'").arg(name));
}

} // namespace

QString channelRoleName(ChannelRole role) {
    for (const auto &[value, name] : kRoleNames)
        if (value == role)
            return QString::fromLatin1(name);
    return QStringLiteral("subscriber");
}

std::optional<ChannelRole> channelRoleFromName(const QString &name) {
    for (const auto &[value, n] : kRoleNames)
        if (name == QLatin1StringView(n))
            return value;
    return std::nullopt;
}

QCborMap Channel::toCbor() const {
    QCborMap map{{L("id"), id},
                 {L("title"), title},
                 {L("about"), about},
                 {L("createdAt"), createdAt},
                 {L("ownerId"), ownerId},
                 {L("adminIds"), codec::intsToCbor(adminIds)},
                 {L("subscriberCount"), subscriberCount},
                 {L("pts"), pts}};
    if (!name.isEmpty())
        map.insert(L("name"), name);
    if (megagroup)
        map.insert(L("megagroup"), true);
    if (!photo.isNone())
        map.insert(L("photo"), photo.toCbor());
    if (role) {
        map.insert(L("role"), channelRoleName(*role));
        map.insert(L("muted"), muted);
    }
    return map;
}

std::optional<Channel> Channel::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Channel c;
    c.id = r.requireInt(L("id"), 1);
    c.title = r.requireString(L("title"), 0, kMaxChannelTitleChars);
    c.about = r.stringOr(L("about"), QString(), kMaxChannelAboutChars);
    c.name = r.stringOr(L("name"), QString(), kMaxUsernameChars);
    c.createdAt = r.requireInt(L("createdAt"), 0);
    c.ownerId = r.requireInt(L("ownerId"), 0);
    c.adminIds = r.requireIntArray(L("adminIds"), 0, kMaxChannelAdmins);
    c.subscriberCount = r.requireInt(L("subscriberCount"), 0);
    c.pts = r.requireInt(L("pts"), 0);
    const QString role = r.stringOr(L("role"), QString(), 16);
    c.muted = r.boolOr(L("muted"), false);
    c.megagroup = r.boolOr(L("megagroup"), false);
    c.photo = readPhoto(r, L("photo")).value_or(Photo{});
    if (r.ok() && !role.isEmpty())
        readRole(r, role, &c.role);
    if (!c.role)
        c.muted = false; // only a subscriber's own view carries it
    return codec::finish(r, std::move(c), error);
}

QCborMap ChannelResult::toCbor() const {
    return {{L("channel"), channel.toCbor()}, {L("pts"), pts}};
}

std::optional<ChannelResult> ChannelResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(L("channel"));
    ChannelResult result;
    result.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return codec::finish(r, std::move(result), error);
    std::optional<Channel> channel = Channel::fromCbor(inner, error);
    if (!channel)
        return std::nullopt;
    result.channel = std::move(*channel);
    return result;
}

QCborMap ChannelsResult::toCbor() const {
    return {{L("channels"), codec::listToCbor(channels)}, {L("final"), final}};
}

std::optional<ChannelsResult> ChannelsResult::fromCbor(const QCborMap &map, QString *error) {
    ChannelsResult c;
    if (!codec::readList(map, L("channels"), &c.channels, error))
        return std::nullopt;
    MapReader r(map);
    c.final = r.boolOr(L("final"), true);
    return codec::finish(r, std::move(c), error);
}

QCborMap CreateChannel::toCbor() const {
    QCborMap map{{L("randomId"), randomId}, {L("title"), title}};
    if (!about.isEmpty())
        map.insert(L("about"), about);
    if (!name.isEmpty())
        map.insert(L("name"), name);
    return map;
}

Decoded<CreateChannel> CreateChannel::decode(const QCborValue &args) {
    auto d = codec::decodeWith<CreateChannel>(args, [](MapReader &r, CreateChannel &v) {
        v.randomId = r.requireInt(L("randomId"));
        v.title = r.requireString(L("title"), 1, kMaxChannelTitleChars).trimmed();
        v.about = r.stringOr(L("about"), QString(), kMaxChannelAboutChars).trimmed();
        // Long input is TOO_LARGE; anything else outside the rule is USERNAME_INVALID below.
        if (r.has(L("name")))
            v.name = r.requireString(L("name"), 1, kMaxUsernameChars).toLower();
    });
    if (d.ok() && d.value->randomId != 0 && notBlank(d.value->title) && !d.value->name.isEmpty() &&
        !isValidUsername(d.value->name))
        return Decoded<CreateChannel>::failed(ErrorCode::UsernameInvalid,
                                              QStringLiteral("a channel name has 3..32 characters "
                                                             "of a-z, 0-9 and _, starting with a "
                                                             "letter (capitals are folded)"));
    const bool valid = d.ok() && d.value->randomId != 0 && notBlank(d.value->title);
    return checked(std::move(d), valid, "randomId must not be 0 and the title not blank");
}

template <typename Tag> QCborMap ChannelAct<Tag>::toCbor() const {
    return {{L("channelId"), channelId}};
}

template <typename Tag> Decoded<ChannelAct<Tag>> ChannelAct<Tag>::decode(const QCborValue &args) {
    return codec::decodeWith<ChannelAct>(
        args, [](MapReader &r, ChannelAct &v) { v.channelId = r.requireInt(L("channelId"), 1); });
}

template struct ChannelAct<GetChannelTag>;
template struct ChannelAct<SubscribeChannelTag>;
template struct ChannelAct<UnsubscribeChannelTag>;

QCborMap EditChannel::toCbor() const {
    QCborMap map{{L("channelId"), channelId}};
    if (title)
        map.insert(L("title"), *title);
    if (about)
        map.insert(L("about"), *about);
    return map;
}

Decoded<EditChannel> EditChannel::decode(const QCborValue &args) {
    auto d = codec::decodeWith<EditChannel>(args, [](MapReader &r, EditChannel &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        if (r.has(L("title")))
            v.title = r.requireString(L("title"), 1, kMaxChannelTitleChars).trimmed();
        if (r.has(L("about")))
            v.about = r.stringOr(L("about"), QString(), kMaxChannelAboutChars).trimmed();
    });
    const bool valid = d.ok() && (d.value->title || d.value->about) &&
                       (!d.value->title || notBlank(*d.value->title));
    return checked(std::move(d), valid, "give a title (not blank) or an about, or both");
}

QCborMap SetChannelMuted::toCbor() const {
    return {{L("channelId"), channelId}, {L("muted"), muted}};
}

Decoded<SetChannelMuted> SetChannelMuted::decode(const QCborValue &args) {
    return codec::decodeWith<SetChannelMuted>(args, [](MapReader &r, SetChannelMuted &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        if (!r.has(L("muted")))
            return r.fail(ErrorCode::BadRequest, QStringLiteral("'muted' is missing"));
        v.muted = r.boolOr(L("muted"), true);
    });
}

QCborMap SetChannelRole::toCbor() const {
    return {{L("channelId"), channelId}, {L("userId"), userId}, {L("role"), channelRoleName(role)}};
}

Decoded<SetChannelRole> SetChannelRole::decode(const QCborValue &args) {
    return codec::decodeWith<SetChannelRole>(args, [](MapReader &r, SetChannelRole &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.userId = r.requireInt(L("userId"), 1);
        const QString name = r.requireString(L("role"), 1, 16);
        if (!r.ok())
            return;
        const std::optional<ChannelRole> named = channelRoleFromName(name);
        // The owner is who created the channel; it is never handed over by this call.
        if (!named || *named == ChannelRole::Owner)
            return r.fail(ErrorCode::BadRequest, QStringLiteral("role is 'admin' or 'subscriber'"));
        v.role = *named;
    });
}

QCborMap AddChannelSubscribers::toCbor() const {
    return {{L("channelId"), channelId}, {L("userIds"), codec::intsToCbor(userIds)}};
}

Decoded<AddChannelSubscribers> AddChannelSubscribers::decode(const QCborValue &args) {
    auto d =
        codec::decodeWith<AddChannelSubscribers>(args, [](MapReader &r, AddChannelSubscribers &v) {
            v.channelId = r.requireInt(L("channelId"), 1);
            v.userIds = r.requireIntArray(L("userIds"), 1, kMaxChannelAddSubscribers);
        });
    const bool valid = d.ok() && std::all_of(d.value->userIds.begin(), d.value->userIds.end(),
                                             [](qint64 id) { return id >= 1; });
    return checked(std::move(d), valid, "user ids are ≥ 1");
}

QCborMap PostToChannel::toCbor() const {
    QCborMap map{{L("channelId"), channelId}, {L("randomId"), randomId}, {L("text"), text}};
    insertAttachments(map, attachments);
    return map;
}

Decoded<PostToChannel> PostToChannel::decode(const QCborValue &args) {
    auto d = codec::decodeWith<PostToChannel>(args, [](MapReader &r, PostToChannel &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.randomId = r.requireInt(L("randomId"));
        v.text = r.requireString(L("text"), 0, kMaxTextChars);
        v.attachments = readAttachments(r);
    });
    // A post says something: a text, or files (then the text is their caption, maybe empty).
    const bool valid = d.ok() && d.value->randomId != 0 &&
                       (notBlank(d.value->text) || !d.value->attachments.isEmpty());
    return checked(std::move(d), valid,
                   "randomId must not be 0 and the text not blank (it may be empty with files)");
}

QCborMap GetChannelDifference::toCbor() const {
    return {{L("channelId"), channelId}, {L("pts"), pts}, {L("limit"), limit}};
}

Decoded<GetChannelDifference> GetChannelDifference::decode(const QCborValue &args) {
    return codec::decodeWith<GetChannelDifference>(args, [](MapReader &r, GetChannelDifference &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.pts = r.requireInt(L("pts"), 0);
        v.limit =
            int(r.intOr(L("limit"), kMaxChannelDifferenceLimit, 1, kMaxChannelDifferenceLimit));
    });
}

QCborMap GetChannelHistory::toCbor() const {
    return {{L("channelId"), channelId}, {L("beforeId"), beforeId}, {L("limit"), limit}};
}

Decoded<GetChannelHistory> GetChannelHistory::decode(const QCborValue &args) {
    return codec::decodeWith<GetChannelHistory>(args, [](MapReader &r, GetChannelHistory &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.beforeId = r.intOr(L("beforeId"), 0, 0);
        v.limit = int(r.intOr(L("limit"), 50, 1, kMaxHistoryLimit));
    });
}

QCborMap ListChannels::toCbor() const {
    return {{L("afterChannelId"), afterChannelId}, {L("limit"), limit}};
}

Decoded<ListChannels> ListChannels::decode(const QCborValue &args) {
    return codec::decodeWith<ListChannels>(args, [](MapReader &r, ListChannels &v) {
        v.afterChannelId = r.intOr(L("afterChannelId"), 0, 0);
        v.limit = int(r.intOr(L("limit"), kMaxChannelListPage, 1, kMaxChannelListPage));
    });
}

QCborMap SearchChannels::toCbor() const {
    return {{L("query"), query}, {L("limit"), limit}};
}

Decoded<SearchChannels> SearchChannels::decode(const QCborValue &args) {
    auto d = codec::decodeWith<SearchChannels>(args, [](MapReader &r, SearchChannels &v) {
        v.query = r.requireString(L("query"), 1, kMaxChannelSearchChars).trimmed();
        while (v.query.startsWith(QLatin1Char('@'))) // so decoding twice gives the same
            v.query = v.query.mid(1).trimmed();
        v.limit = int(r.intOr(L("limit"), kMaxChannelSearchLimit, 1, kMaxChannelSearchLimit));
    });
    const bool valid = d.ok() && !d.value->query.isEmpty();
    return checked(std::move(d), valid, "the query is blank");
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

namespace {
//! An update that carries one channel under "channel".
template <typename U> std::optional<U> channelUpdate(const QCborMap &map, QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(api::codec::L("channel"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<api::Channel> channel = api::Channel::fromCbor(inner, error);
    return channel ? std::optional<U>(U{std::move(*channel)}) : std::nullopt;
}
} // namespace

QCborMap ChannelChangedUpdate::fields() const {
    return {{api::codec::L("channel"), channel.toCbor()}};
}

std::optional<ChannelChangedUpdate> ChannelChangedUpdate::fromFields(const QCborMap &map,
                                                                     QString *error) {
    return channelUpdate<ChannelChangedUpdate>(map, error);
}

QCborMap ChannelSubscriptionUpdate::fields() const {
    return {{api::codec::L("channel"), channel.toCbor()}};
}

std::optional<ChannelSubscriptionUpdate> ChannelSubscriptionUpdate::fromFields(const QCborMap &map,
                                                                               QString *error) {
    return channelUpdate<ChannelSubscriptionUpdate>(map, error);
}

QCborMap ChannelUpdatePush::toCbor() const {
    using api::codec::L;
    return {{L("type"), type}, {L("channelId"), channelId}, {L("pts"), pts}, {L("u"), update}};
}

std::optional<ChannelUpdatePush> ChannelUpdatePush::fromCbor(const QCborMap &map, QString *error) {
    using api::codec::L;
    MapReader r(map);
    ChannelUpdatePush push;
    if (r.requireString(L("type"), 1, 32) != type && r.ok())
        r.fail(ErrorCode::BadRequest, QStringLiteral("not a channelUpdate"));
    push.channelId = r.requireInt(L("channelId"), 1);
    push.pts = r.requireInt(L("pts"), 1);
    push.update = r.requireMap(L("u"));
    return api::codec::finish(r, std::move(push), error);
}

} // namespace msgr::protocol
