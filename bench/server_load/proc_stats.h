#pragma once
//! What /proc says about a process (the server, measured from outside) and about this machine.
//! Any thread.
#include <QString>
#include <QtGlobal>

namespace msgr::bench {

//! VmRSS of pid in bytes (from /proc/<pid>/status), or -1 if it cannot be read.
qint64 processRssBytes(qint64 pid);

//! utime + stime of pid in seconds (from /proc/<pid>/stat, fields 14 and 15), or -1.
double processCpuSeconds(qint64 pid);

//! User + system CPU seconds of this process so far (getrusage).
double selfCpuSeconds();

//! The first three fields of /proc/loadavg ("1.23 0.98 0.75"), or "?".
QString loadAverage();

//! Raises this process's RLIMIT_NOFILE soft limit to the hard limit; returns the new soft limit
//! (a server started by us inherits it), or -1.
qint64 raiseOpenFileLimit();

//! CLOCK_MONOTONIC in microseconds: comparable between processes of one machine.
qint64 monotonicUs();

} // namespace msgr::bench
