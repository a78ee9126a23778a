// Groups::setPhoto (docs/protocol.md §24): a group's photo, changed as its title is (the owner's
// and admins' right) and told to the members by a service message.
#include "server/domain/group_units.h"
#include "server/domain/groups.h"
#include "server/domain/photos.h"
#include "server/domain/units.h"

namespace msgr::server::domain {

using namespace group_units;

void Groups::setPhoto(qint64 callerId, qint64 chatId, const protocol::Photo &photo, qint64 now,
                      Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        if (!group.callerManages())
            return refuseGroup(protocol::ErrorCode::Forbidden,
                               QStringLiteral("only the owner and admins change the photo"));
        if (!photo.isNone()) {
            if (std::optional<Refusal> refusal = photoFileRefusal(records, callerId, photo))
                return refuseGroup(refusal->code, refusal->message);
        }
        if (group.record.photo == photo)
            return groupUnchanged(records, chatId, callerId);
        records.setPhoto(PhotoSubject::Chat, chatId, storedPhoto(photo), now);
        protocol::MessageAction action;
        action.kind = photo.isNone() ? protocol::ActionKind::PhotoRemoved
                                     : protocol::ActionKind::PhotoChanged;
        action.photo = photo;
        Announcement what;
        what.audience = idsOf(group.members);
        what.service = insertService(records, chatId, callerId, serviceRandomId(), now, action);
        return announce(records, chatId, callerId, what);
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

} // namespace msgr::server::domain
