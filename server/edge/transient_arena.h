#pragma once
//! Where the per-connection state that hibernation frees is allocated, so that freeing it gives
//! the memory back to the system.
//!
//! Why: an idle connection's Beast stream (~2.6 KiB) and its pending read (~0.8 KiB) are made
//! during log-in, between objects that live as long as the connection (the session, the
//! socket's state, registry entries). With glibc's malloc, freeing them when the connection
//! hibernates leaves holes smaller than a page between live objects, which no trim can return:
//! 5.5 KiB per idle connection at 10k instead of the ~1.5 KiB that is really still in use
//! (bench/server_load/RESULTS.md). This arena keeps that transient state apart: slabs of two
//! pages, each holding slots of one size, carved from one reserved range of address space; a
//! slab whose slots are all free is given back at once (madvise MADV_DONTNEED) beyond a few kept
//! for reuse. Neither std::pmr's pools (they keep what they took until release()) nor glibc
//! (no choice of heap per allocation) does that.
//!
//! What goes here is decided by the caller: allocations made on a thread inside a
//! TransientArenaScope, by the global operator new of msgr-server (server/operator_new.cpp).
//! Without that operator new (tests and fuzz targets linking the library) a scope changes
//! nothing. Thread-safe (one mutex): a connection's state is made and freed on its io thread,
//! but the last reference to a session may go elsewhere.
#include <cstddef>
#include <cstdint>

namespace msgr::server {

struct TransientArenaStats {
    std::uint64_t bytesInUse = 0;    //!< slot bytes handed out and not yet freed
    std::uint64_t slabsInUse = 0;    //!< slabs with at least one slot handed out
    std::uint64_t slabsKept = 0;     //!< empty slabs kept resident for reuse
    std::uint64_t slabsReturned = 0; //!< empty slabs given back to the system, not reused yet
    std::uint64_t fallbacks = 0;     //!< requests too large or with the range full: malloc
};

class TransientArena {
public:
    static constexpr std::size_t kSlabBytes = 8192;
    static constexpr std::size_t kMaxSlot = 4096; //!< larger requests are not taken

    //! The process's arena (its address range is reserved on first use, not committed).
    static TransientArena &instance();
    //! The process's arena if instance() was ever called, else nullptr (operator delete asks
    //! this, so a process that never opens a scope never reserves the range).
    static TransientArena *existing() noexcept;

    //! A slot of at least `bytes` (aligned to 16), or nullptr when the request is not for the
    //! arena (too large, the range is exhausted): the caller then uses malloc.
    void *allocate(std::size_t bytes) noexcept;
    //! Whether `p` came from allocate(): a range check, no lock.
    bool owns(const void *p) const noexcept {
        const auto a = reinterpret_cast<std::uintptr_t>(p);
        return a - m_base < m_reservedBytes;
    }
    void deallocate(void *p) noexcept;
    TransientArenaStats stats() const noexcept;

    //! Reserves `reservedBytes` of address space (a multiple of kSlabBytes) and keeps at most
    //! `keptSlabs` empty slabs resident. Tests make small ones; the process uses instance().
    TransientArena(std::size_t reservedBytes, std::size_t keptSlabs) noexcept;
    ~TransientArena();
    TransientArena(const TransientArena &) = delete;
    TransientArena &operator=(const TransientArena &) = delete;

private:
    struct Impl;
    std::uintptr_t m_base = 0;
    std::uintptr_t m_reservedBytes = 0;
    Impl *m_impl = nullptr;
};

//! While one exists on a thread, that thread's operator new allocations of up to
//! TransientArena::kMaxSlot bytes come from the arena (when msgr-server's operator new is
//! linked). Nests. Only around code whose allocations all die with the connection's Beast
//! stream or read: building the stream, starting a read.
class TransientArenaScope {
public:
    TransientArenaScope() noexcept;
    ~TransientArenaScope();
    TransientArenaScope(const TransientArenaScope &) = delete;
    TransientArenaScope &operator=(const TransientArenaScope &) = delete;

    static bool active() noexcept;

    //! Lifts the thread's scopes while it lives: operator new holds one while it asks the
    //! arena, so that an allocator that itself calls operator new (heaptrack's malloc does)
    //! does not come back into the arena.
    class Suspend {
    public:
        Suspend() noexcept;
        ~Suspend();
        Suspend(const Suspend &) = delete;
        Suspend &operator=(const Suspend &) = delete;

    private:
        unsigned m_depth;
    };
};

} // namespace msgr::server
