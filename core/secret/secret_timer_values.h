#pragma once
//! The self-destruct timers a secret chat may have (docs/protocol.md §12.7): off, 5 s, 10 s,
//! 30 s, 1 min, 5 min, 1 h, 1 day, 1 week, as Telegram offers. Anything else, from the user or
//! from a peer, is refused. Pure, thread-safe.
#include <QList>
#include <QString>

namespace msgr::core::secret {

//! Every allowed value in ms, ascending; 0 (off) first.
const QList<qint64> &allowedTimersMs();
bool isAllowedTimer(qint64 ms);
//! "5 s", "1 min", "1 day"... (translated); "off" for 0.
QString timerLabel(qint64 ms);

} // namespace msgr::core::secret
