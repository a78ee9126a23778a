// libFuzzer target: protocol::decodeFrame over arbitrary bytes, the first thing both the server
// and the client do with every WebSocket message. Beyond "no crash, no sanitizer report":
// a refusal carries a typed code and a reason, and a frame that decodes survives a re-encode
// (encoding normalises once; after that, encode(decode(x)) is stable byte for byte).
// The server's fast decoder of messages.send (protocol/send_request_decode.h) reads the same
// input: whatever it accepts, decodeFrame and SendMessage::decode accept with the same values.
#include "fuzz_support.h"
#include "protocol/api/messages.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "protocol/send_request_decode.h"

using namespace msgr::protocol;

namespace {

void checkRefusal(const DecodeError &error, qsizetype inputSize) {
    FUZZ_CHECK(!error.message.isEmpty());
    FUZZ_CHECK(error.code == ErrorCode::BadFrame || error.code == ErrorCode::BadRequest ||
               error.code == ErrorCode::TooLarge);
    if (inputSize > kMaxFrameBytes)
        FUZZ_CHECK(error.code == ErrorCode::TooLarge);
}

//! What the fast decoder accepts is a messages.send the general decoders read the same way.
void checkFastSend(const QByteArray &bytes, const DecodeResult &decoded) {
    const std::optional<SendRequestFrame> fast = decodeSendRequestFrame(bytes);
    if (!fast)
        return;
    const Frame *frame = std::get_if<Frame>(&decoded);
    FUZZ_CHECK(frame != nullptr);
    const auto *request = std::get_if<Request>(frame);
    FUZZ_CHECK(request != nullptr);
    FUZZ_CHECK(request->id == fast->id && request->method == method::MessagesSend);
    const api::Decoded<api::SendMessage> args = api::SendMessage::decode(QCborValue(request->args));
    FUZZ_CHECK(args.ok());
    FUZZ_CHECK(*args.value == fast->args);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const DecodeResult decoded = decodeFrame(bytes);
    checkFastSend(bytes, decoded);
    if (const auto *error = std::get_if<DecodeError>(&decoded)) {
        checkRefusal(*error, bytes.size());
        return 0;
    }
    const QByteArray once = encodeFrame(std::get<Frame>(decoded));
    // Re-encoding may widen a value (a half-precision float becomes a double), so a frame near
    // the cap can legitimately come back over it.
    if (once.size() > kMaxFrameBytes)
        return 0;
    const DecodeResult again = decodeFrame(once);
    const Frame *frame = std::get_if<Frame>(&again);
    FUZZ_CHECK(frame != nullptr);
    FUZZ_CHECK(frame->index() == std::get<Frame>(decoded).index());
    FUZZ_CHECK(encodeFrame(*frame) == once);
    return 0;
}
