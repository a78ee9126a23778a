#pragma once
//! The delivery state of a message as QML sees it (one enum for every model's `state` role).
#include "storage/records.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

namespace MessageStateNs {
Q_NAMESPACE
QML_NAMED_ELEMENT(MessageState)

enum MessageState { None, Pending, Sent, Delivered, Read, Failed };
Q_ENUM_NS(MessageState)

} // namespace MessageStateNs

using MessageState = MessageStateNs::MessageState;

//! The storage enum and the QML enum are the same list; this keeps them apart in the headers.
MessageState toMessageState(storage::OutgoingState state);

} // namespace msgr::core
