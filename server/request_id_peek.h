#pragma once
//! Reads only the `id` of a request frame, without decoding the rest, so a request refused
//! by the rate limit (or one that fails to decode) can still be answered with its id. Pure,
//! any thread; it checks every read and gives 0 when there is no usable id.
#include <QByteArrayView>
#include <QtGlobal>

namespace msgr::server {

qint64 peekRequestId(QByteArrayView frame);

} // namespace msgr::server
