#pragma once
//! Keeps secrets out of core dumps: the process is made non-dumpable (Linux PR_SET_DUMPABLE 0,
//! which also stops other processes of the same user from ptrace-attaching or reading its
//! memory through /proc) and its core size limit is set to 0. Call it first thing in main(),
//! before any key, password or token is in memory. Client and server both call it.
namespace msgr::crypto {

struct HardeningResult {
    bool notDumpable = false; // prctl(PR_SET_DUMPABLE, 0) succeeded (Linux only)
    bool noCoreFile = false;  // RLIMIT_CORE is 0 (soft and hard)
    bool ok() const { return notDumpable && noCoreFile; }
};

//! Idempotent. On systems without these calls the fields stay false; the process still runs.
HardeningResult disableCoreDumps();

} // namespace msgr::crypto
