#pragma once
//! Figures about this process for the benchmark: CPU time and memory from /proc.
#include <QtGlobal>

namespace msgr::bench {

//! CPU seconds of the whole process (every thread): less noisy than wall time on a shared box.
double processCpuSeconds();
//! VmHWM (peak resident set) of this process in bytes, or -1 when /proc says nothing.
qint64 peakRssBytes();
//! Starts VmHWM afresh at the current RSS (/proc/self/clear_refs "5"); false if refused.
bool resetPeakRss();
//! VmRSS (current resident set) of this process in bytes, or -1.
qint64 currentRssBytes();

} // namespace msgr::bench
