#pragma once
//! The load generator's hot path, without QCborValue: encoding messages.send and reading the
//! few keys of `res` and `upd` frames that the bench needs. On these two cores Qt's CBOR costs
//! about 15-20 us a frame, four frames a message: the client would eat the CPU the server
//! needs. Anything the scanner does not understand (indefinite lengths, other shapes) makes it
//! return false, and the caller falls back to protocol::decodeFrame.
#include <QByteArray>
#include <QtGlobal>
#include <string_view>

namespace msgr::bench {

struct ScannedFrame {
    enum class Type { Other, Result, Error, Update };
    Type type = Type::Other;
    qint64 id = 0; // res / err
    // upd with u.type == "newMessage":
    bool newMessage = false;
    qint64 senderId = 0;
    std::string_view text; // points into the scanned buffer
};

//! Reads the top-level `t` and `id`, and for `upd` the `u.type`, `u.message.senderId` and
//! `u.message.text`. False if the bytes are not a definite-length CBOR map of that shape.
bool scanServerFrame(const char *data, std::size_t size, ScannedFrame *out);

//! {t:"req", id, m:"messages.send", a:{chatId, randomId, text}} as protocol::encodeFrame would
//! produce it (same keys and types; the server does not care about key order).
QByteArray encodeSendRequest(qint64 id, qint64 chatId, qint64 randomId, std::string_view text);

} // namespace msgr::bench
