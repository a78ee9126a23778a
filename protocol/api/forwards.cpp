#include "protocol/api/forwards.h"

#include "protocol/api/codec.h"

#include <QSet>

namespace msgr::protocol::api {
using codec::L;

namespace {
bool distinct(const QList<qint64> &ids) {
    return QSet<qint64>(ids.cbegin(), ids.cend()).size() == ids.size();
}
} // namespace

QCborMap ForwardResult::toCbor() const {
    return {{L("messageIds"), codec::intsToCbor(messageIds)},
            {L("pts"), pts},
            {L("duplicate"), duplicate}};
}

std::optional<ForwardResult> ForwardResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ForwardResult f;
    f.messageIds = r.requireIntArray(L("messageIds"), 0, kMaxForwardIds);
    f.pts = r.requireInt(L("pts"), 0);
    f.duplicate = r.boolOr(L("duplicate"), false);
    return codec::finish(r, std::move(f), error);
}

QCborMap ForwardMessages::toCbor() const {
    return {{L("fromChatId"), fromChatId},
            {L("messageIds"), codec::intsToCbor(messageIds)},
            {L("toChatId"), toChatId},
            {L("randomIds"), codec::intsToCbor(randomIds)}};
}

Decoded<ForwardMessages> ForwardMessages::decode(const QCborValue &args) {
    return codec::decodeWith<ForwardMessages>(args, [](MapReader &r, ForwardMessages &v) {
        v.fromChatId = r.requireInt(L("fromChatId"), 1);
        v.messageIds = r.requireIntArray(L("messageIds"), 1, kMaxForwardIds);
        v.toChatId = r.requireInt(L("toChatId"), 1);
        v.randomIds = r.requireIntArray(L("randomIds"), 1, kMaxForwardIds);
        if (!r.ok())
            return;
        for (const qint64 id : v.messageIds) {
            if (id < 1)
                return r.fail(ErrorCode::BadRequest, QStringLiteral("messageIds must be ≥ 1"));
        }
        if (!distinct(v.messageIds))
            return r.fail(ErrorCode::BadRequest, QStringLiteral("messageIds must be distinct"));
        if (v.randomIds.size() != v.messageIds.size())
            return r.fail(ErrorCode::BadRequest,
                          QStringLiteral("randomIds must hold one id per message"));
        if (v.randomIds.contains(0) || !distinct(v.randomIds))
            return r.fail(ErrorCode::BadRequest,
                          QStringLiteral("randomIds must be distinct and not 0"));
    });
}

} // namespace msgr::protocol::api
