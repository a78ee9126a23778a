// libFuzzer target: the client's reading of whatever a (hostile) server sends. One input is one
// WebSocket message, decoded as ServerConnection::onBinary() does; then
//  - a `res` is read as every typed answer of protocol/api/ (the client picks the type by
//    its request id, which the server controls, so any answer may meet any parser);
//  - an `upd` is read with protocol::updateFromCbor, as SyncEngine::onUpdate() does;
//  - what parses is handed to core::PtsSequencer, the pure logic that orders live updates, with
//    positions taken from the input, so hostile pts values reach its arithmetic.
// core is not linked (it brings storage, QML and the keychain): pts_sequencer.cpp is compiled
// into this target, as it is pure logic.
#include "core/sync/pts_sequencer.h"
#include "fuzz_support.h"
#include "protocol/api/api.h"
#include "protocol/api/drafts.h"
#include "protocol/api/forwards.h"
#include "protocol/api/presence.h"

using namespace msgr;
using namespace msgr::core;
using namespace msgr::protocol;
namespace api = msgr::protocol::api;

namespace {

template <typename T> std::optional<T> readAnswer(const QCborMap &result) {
    QString why;
    std::optional<T> value = T::fromCbor(result, &why);
    // ServerConnection turns a refusal into "malformed answer: <why>"; an empty reason would
    // leave the user (and the log) with nothing.
    FUZZ_CHECK(value.has_value() || !why.isEmpty());
    return value;
}

void sequence(qint64 localPts, const QList<LoggedUpdate> &updates) {
    PtsSequencer sequencer;
    sequencer.setLocalPts(localPts);
    for (const LoggedUpdate &u : updates) {
        const qint64 before = sequencer.localPts();
        const PtsSequencer::Outcome outcome = sequencer.offer(u);
        if (outcome == PtsSequencer::Outcome::Apply) {
            const QList<LoggedUpdate> ready = sequencer.takeReady();
            FUZZ_CHECK(!ready.isEmpty());
            qint64 expected = before;
            for (const LoggedUpdate &r : ready) // contiguous, in order, after the old position
                FUZZ_CHECK(r.pts == ++expected);
            FUZZ_CHECK(sequencer.localPts() == expected);
        } else {
            FUZZ_CHECK(sequencer.localPts() == before);
        }
    }
}

void readResult(const Result &result) {
    readAnswer<api::Empty>(result.result);
    readAnswer<api::AuthResult>(result.result);
    readAnswer<api::PtsResult>(result.result);
    readAnswer<api::DevicesResult>(result.result);
    readAnswer<api::UsersResult>(result.result);
    readAnswer<api::ChatResult>(result.result);
    readAnswer<api::ChatsResult>(result.result);
    readAnswer<api::SendResult>(result.result);
    readAnswer<api::MessagesResult>(result.result);
    readAnswer<api::PongResult>(result.result);
    readAnswer<api::SaveDraftResult>(result.result);
    readAnswer<api::DraftsPage>(result.result);
    readAnswer<api::ForwardResult>(result.result);
    readAnswer<api::PresenceResult>(result.result);
    if (const auto difference = readAnswer<api::DifferenceResult>(result.result)) {
        FUZZ_CHECK(!difference->tooLong || difference->updates.isEmpty());
        // As SyncEngine applies a slice: from where it stands (the first update's predecessor,
        // or the slice's own pts), then the slice's pts becomes the local one.
        const qint64 start =
            difference->updates.isEmpty() ? difference->pts : difference->updates.first().pts - 1;
        sequence(start, difference->updates);
        sequence(difference->pts, difference->updates);
    }
}

void readUpdate(const UpdateFrame &frame) {
    QString why;
    const std::optional<Update> update = updateFromCbor(frame.update, &why);
    if (!update) {
        FUZZ_CHECK(!why.isEmpty());
        return;
    }
    if (frame.pts == 0)
        return; // not part of the log: applied as is, nothing to order
    const LoggedUpdate logged{frame.pts, *update};
    sequence(frame.pts - 1, {logged, logged});
    sequence(0, {logged});
    sequence(frame.pts, {logged});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const DecodeResult decoded = decodeFrame(msgr::fuzz::inputBytes(data, size));
    const Frame *frame = std::get_if<Frame>(&decoded);
    if (!frame)
        return 0;
    if (const auto *result = std::get_if<Result>(frame))
        readResult(*result);
    else if (const auto *update = std::get_if<UpdateFrame>(frame))
        readUpdate(*update);
    else if (const auto *error = std::get_if<Error>(frame))
        FUZZ_CHECK(!errorCodeName(error->code).isEmpty());
    return 0;
}
