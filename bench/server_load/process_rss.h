#pragma once
//! Resident memory of a process, read from /proc/<pid>/status (VmRSS). Any thread.
#include <QtGlobal>

namespace msgr::bench {

//! VmRSS of pid in bytes, or -1 if it cannot be read.
qint64 processRssBytes(qint64 pid);

//! Raises this process's RLIMIT_NOFILE soft limit to the hard limit; returns the new soft limit.
qint64 raiseOpenFileLimit();

} // namespace msgr::bench
