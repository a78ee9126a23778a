#include "protocol/api/drafts.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

namespace msgr::protocol {
using api::codec::L;

QCborMap Draft::toCbor() const {
    return {{L("chatId"), chatId}, {L("text"), text}, {L("date"), date}};
}

std::optional<Draft> Draft::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Draft d;
    d.chatId = r.requireInt(L("chatId"), 1);
    // A stored draft is never empty: clearing deletes it.
    d.text = r.requireString(L("text"), 1, kMaxTextChars);
    d.date = r.requireInt(L("date"), 0);
    return api::codec::finish(r, std::move(d), error);
}

QCborMap DraftUpdate::fields() const {
    return {{L("chatId"), chatId}, {L("text"), text}, {L("date"), date}};
}

std::optional<DraftUpdate> DraftUpdate::fromFields(const QCborMap &map, QString *error) {
    MapReader r(map);
    DraftUpdate u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.text = r.requireString(L("text"), 0, kMaxTextChars);
    u.date = r.requireInt(L("date"), 0);
    return api::codec::finish(r, std::move(u), error);
}

} // namespace msgr::protocol

namespace msgr::protocol::api {
using codec::L;

QCborMap SaveDraftResult::toCbor() const {
    return {{L("date"), date}, {L("pts"), pts}};
}

std::optional<SaveDraftResult> SaveDraftResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SaveDraftResult v;
    v.date = r.requireInt(L("date"), 0);
    v.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, v, error);
}

QCborMap SaveDraft::toCbor() const {
    return {{L("chatId"), chatId}, {L("text"), text}};
}

Decoded<SaveDraft> SaveDraft::decode(const QCborValue &args) {
    return codec::decodeWith<SaveDraft>(args, [](MapReader &r, SaveDraft &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        // Required even when clearing: a client that meant to keep a draft must never clear
        // it by omission.
        v.text = r.requireString(L("text"), 0, kMaxTextChars);
    });
}

QCborMap DraftsPage::toCbor() const {
    return {{L("drafts"), codec::listToCbor(drafts)}, {L("final"), final}, {L("time"), time}};
}

std::optional<DraftsPage> DraftsPage::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    DraftsPage page;
    r.requireArray(L("drafts"), kDraftsPerPage);
    if (!r.has(L("final")))
        r.requireInt(L("final")); // reports it missing
    page.final = r.boolOr(L("final"), true);
    page.time = r.requireInt(L("time"), 0);
    if (!r.ok())
        return codec::finish(r, std::move(page), error);
    if (!codec::readList(map, L("drafts"), &page.drafts, error))
        return std::nullopt;
    return page;
}

QCborMap GetDrafts::toCbor() const {
    return {{L("offsetChatId"), offsetChatId}};
}

Decoded<GetDrafts> GetDrafts::decode(const QCborValue &args) {
    return codec::decodeWith<GetDrafts>(args, [](MapReader &r, GetDrafts &v) {
        v.offsetChatId = r.intOr(L("offsetChatId"), 0, 0);
    });
}

} // namespace msgr::protocol::api
