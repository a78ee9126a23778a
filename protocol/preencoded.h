#pragma once
//! Frames built around CBOR already encoded, so that a message shared by several frames (its
//! log entry, each recipient's update, the sender's answer) is encoded once. Each function
//! gives exactly the bytes its QCborMap counterpart gives (tests/protocol checks them against
//! encodeFrame, updateToCbor and SendResult::toCbor), so nothing on the wire changes.
#include "protocol/objects.h"

#include <QByteArray>

namespace msgr::protocol::preencoded {

//! QCborValue(message.toCbor()).toCbor().
QByteArray message(const Message &message);
//! The stored body of NewMessageUpdate{message}: QCborValue(updateToCbor(update)).toCbor(),
//! around the message's bytes.
QByteArray newMessageUpdate(const QByteArray &encodedMessage);
//! encodeFrame(UpdateFrame{pts, update}) around the update's bytes (a stored log body).
QByteArray updateFrame(qint64 pts, const QByteArray &encodedUpdate);
//! encodeFrame(Result{requestId, result}) around the result map's bytes.
QByteArray resultFrame(qint64 requestId, const QByteArray &encodedResult);
//! QCborValue(api::SendResult{message, pts, duplicate}.toCbor()).toCbor() around the
//! message's bytes.
QByteArray sendResult(const QByteArray &encodedMessage, qint64 pts, bool duplicate);

} // namespace msgr::protocol::preencoded
