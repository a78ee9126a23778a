// jemalloc reads its options from this symbol at start (MALLOC_CONF in the environment still
// overrides them). A background thread purges freed pages after a second instead of waiting
// for the next allocation, so the memory that idle connections give back when they hibernate
// leaves the process even when nothing else happens; one second keeps purging off the message
// path. Compiled only into a msgr-server linked with jemalloc (MSGR_SERVER_JEMALLOC).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the name jemalloc looks up
extern "C" const char *malloc_conf;
const char *malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
