#pragma once
//! The server's hot request, `messages.send`, decoded straight from the frame's bytes with a
//! QCborStreamReader: no QCborValue tree, no QCborMap of arguments. It recognises only the
//! exact shape clients send (docs/protocol.md §2, §5: a definite-length map of `t`, `id`, `m`,
//! `a`; arguments `chatId`, `randomId`, `text`, optionally `replyToId`) with every value valid;
//! for anything else (another method, attachments, an unknown or repeated key, a tag, a value
//! out of range, a parse error, trailing bytes) it declines and the caller decodes the frame
//! with decodeFrame() and SendMessage::decode(), which give the answer (and the typed error)
//! as before. What it accepts, the general decoders accept with the same values
//! (tst_send_request_decode, fuzz_frame_decode).
#include "protocol/api/messages.h"

#include <QByteArrayView>
#include <optional>

namespace msgr::protocol {

struct SendRequestFrame {
    qint64 id = 0; // the request id, ≥ 1
    api::SendMessage args;
};

//! The request when `frame` is a valid `messages.send` of the plain shape; nullopt otherwise
//! (not an error: the general decoder decides).
std::optional<SendRequestFrame> decodeSendRequestFrame(QByteArrayView frame);

} // namespace msgr::protocol
