// msgr-server's global operator new and delete: malloc and free, except that allocations made
// inside a TransientArenaScope (the connection state that hibernation frees: Beast's stream,
// the pending read) come from the TransientArena, so that freeing them returns whole pages to
// the system (server/edge/transient_arena.h). Only the plain forms are replaced: libstdc++'s
// array, nothrow and sized forms call these; its aligned forms use aligned_alloc/free and never
// see the arena. Compiled into the executable only: tests linking the library keep the default.
#include "server/edge/transient_arena.h"

#include <cstdlib>
#include <new>

namespace {
void *msgrServerAllocate(std::size_t bytes) {
    if (msgr::server::TransientArenaScope::active()) {
        const msgr::server::TransientArenaScope::Suspend noReentry;
        if (void *p = msgr::server::TransientArena::instance().allocate(bytes))
            return p;
    }
    for (;;) {
        if (void *p = std::malloc(bytes == 0 ? 1 : bytes))
            return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler)
            throw std::bad_alloc();
        handler();
    }
}

void msgrServerFree(void *p) noexcept {
    if (msgr::server::TransientArena *arena = msgr::server::TransientArena::existing();
        arena && arena->owns(p)) {
        arena->deallocate(p);
        return;
    }
    std::free(p);
}
} // namespace

void *operator new(std::size_t bytes) {
    return msgrServerAllocate(bytes);
}
void operator delete(void *p) noexcept {
    msgrServerFree(p);
}
void operator delete(void *p, std::size_t) noexcept {
    msgrServerFree(p);
}
