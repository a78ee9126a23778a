#include "server/edge/transient_arena.h"

#include <sys/mman.h>

#include <array>
#include <atomic>
#include <bit>
#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>

namespace msgr::server {

namespace {
//! Slot sizes (multiples of 16, operator new's alignment). 2720: three to a slab, so Beast's
//! websocket stream state (~2.6 KiB with its control block) does not take a whole 4 KiB slot.
constexpr std::array<std::uint32_t, 6> kTransientSlotSizes{256, 512, 1024, 2048, 2720, 4096};
constexpr std::uint32_t kNoSlab = UINT32_MAX;
//! The process's arena: 1 GiB of address space (about 300k idle connections' streams at once;
//! past it requests go to malloc), of which only the slabs in use are resident.
constexpr std::size_t kProcessReserve = std::size_t(1) << 30;
constexpr std::size_t kProcessKeptSlabs = 32; // 256 KiB of empty slabs kept for reuse

thread_local unsigned t_transientScopeDepth = 0;
std::atomic<TransientArena *> g_processArena{nullptr};
} // namespace

struct TransientArena::Impl {
    struct Slab {
        std::uint32_t freeMask = 0; // bit i: slot i is free
        std::uint32_t next = kNoSlab;
        std::uint32_t prev = kNoSlab;
        std::uint16_t used = 0;
        std::uint8_t sizeClass = 0;
    };

    Slab *slabs = nullptr; // one per slab of the range, calloc'd: touched only when used
    std::uint32_t slabCount = 0;
    std::uint32_t bump = 0; // slabs [bump, slabCount) were never used
    std::array<std::uint32_t, kTransientSlotSizes.size()> partial{};
    std::uint32_t kept = kNoSlab;     // empty, resident
    std::uint32_t returned = kNoSlab; // empty, given back (zero pages on next touch)
    std::size_t keptCount = 0;
    std::size_t keptMax = 0;
    TransientArenaStats stats;
    std::mutex mutex;

    static std::uint32_t slotsPerSlab(std::size_t sizeClass) {
        return std::uint32_t(kSlabBytes / kTransientSlotSizes.at(sizeClass));
    }
    static std::uint32_t fullMask(std::size_t sizeClass) {
        const std::uint32_t n = slotsPerSlab(sizeClass);
        return n >= 32 ? UINT32_MAX : (std::uint32_t(1) << n) - 1;
    }
    void unlinkPartial(std::uint32_t s) {
        Slab &slab = slabs[s];
        if (slab.prev != kNoSlab)
            slabs[slab.prev].next = slab.next;
        else
            partial.at(slab.sizeClass) = slab.next;
        if (slab.next != kNoSlab)
            slabs[slab.next].prev = slab.prev;
        slab.next = slab.prev = kNoSlab;
    }
    void linkPartial(std::uint32_t s) {
        Slab &slab = slabs[s];
        std::uint32_t &head = partial.at(slab.sizeClass);
        slab.prev = kNoSlab;
        slab.next = head;
        if (head != kNoSlab)
            slabs[head].prev = s;
        head = s;
    }
    std::uint32_t takeEmpty() {
        for (std::uint32_t *stack : {&kept, &returned}) {
            if (*stack == kNoSlab)
                continue;
            const std::uint32_t s = *stack;
            *stack = slabs[s].next;
            if (stack == &kept)
                --keptCount;
            else
                --stats.slabsReturned; // counts slabs given back and not taken again
            return s;
        }
        return bump < slabCount ? bump++ : kNoSlab;
    }
};

TransientArena::TransientArena(std::size_t reservedBytes, std::size_t keptSlabs) noexcept {
    reservedBytes -= reservedBytes % kSlabBytes;
    const std::size_t count = reservedBytes / kSlabBytes;
    // Neither the range nor the bookkeeping comes from operator new: this runs inside it.
    void *range = ::mmap(nullptr, reservedBytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    void *implMemory = std::calloc(1, sizeof(Impl));
    auto *slabs = static_cast<Impl::Slab *>(std::calloc(count, sizeof(Impl::Slab)));
    if (range == MAP_FAILED || !implMemory || !slabs || count >= kNoSlab) {
        if (range != MAP_FAILED)
            ::munmap(range, reservedBytes);
        std::free(implMemory);
        std::free(slabs);
        return; // owns() nothing, allocate() declines everything
    }
    m_impl = new (implMemory) Impl;
    m_impl->slabs = slabs;
    m_impl->slabCount = std::uint32_t(count);
    m_impl->partial.fill(kNoSlab);
    m_impl->keptMax = keptSlabs;
    m_base = reinterpret_cast<std::uintptr_t>(range);
    m_reservedBytes = reservedBytes;
}

TransientArena::~TransientArena() {
    if (!m_impl)
        return;
    ::munmap(reinterpret_cast<void *>(m_base), m_reservedBytes);
    std::free(m_impl->slabs);
    m_impl->~Impl();
    std::free(m_impl);
}

TransientArena &TransientArena::instance() {
    // Never destroyed: operator delete may ask it about pointers freed during exit.
    alignas(TransientArena) static unsigned char storage[sizeof(TransientArena)];
    static TransientArena *const arena = [] {
        auto *created = new (storage) TransientArena(kProcessReserve, kProcessKeptSlabs);
        g_processArena.store(created, std::memory_order_release);
        return created;
    }();
    return *arena;
}

TransientArena *TransientArena::existing() noexcept {
    return g_processArena.load(std::memory_order_acquire);
}

void *TransientArena::allocate(std::size_t bytes) noexcept {
    if (!m_impl || bytes > kMaxSlot)
        return nullptr;
    std::size_t sizeClass = 0;
    while (kTransientSlotSizes.at(sizeClass) < bytes)
        ++sizeClass;
    const std::lock_guard lock(m_impl->mutex);
    std::uint32_t s = m_impl->partial.at(sizeClass);
    if (s == kNoSlab) {
        s = m_impl->takeEmpty();
        if (s == kNoSlab) {
            ++m_impl->stats.fallbacks;
            return nullptr;
        }
        Impl::Slab &fresh = m_impl->slabs[s];
        fresh.sizeClass = std::uint8_t(sizeClass);
        fresh.freeMask = Impl::fullMask(sizeClass);
        fresh.used = 0;
        m_impl->linkPartial(s);
        ++m_impl->stats.slabsInUse;
    }
    Impl::Slab &slab = m_impl->slabs[s];
    const int slot = std::countr_zero(slab.freeMask);
    slab.freeMask &= ~(std::uint32_t(1) << slot);
    ++slab.used;
    if (slab.freeMask == 0)
        m_impl->unlinkPartial(s);
    m_impl->stats.bytesInUse += kTransientSlotSizes.at(sizeClass);
    return reinterpret_cast<void *>(m_base + std::uintptr_t(s) * kSlabBytes +
                                    std::uintptr_t(slot) * kTransientSlotSizes.at(sizeClass));
}

void TransientArena::deallocate(void *p) noexcept {
    const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(p) - m_base;
    const auto s = std::uint32_t(offset / kSlabBytes);
    const std::lock_guard lock(m_impl->mutex);
    Impl::Slab &slab = m_impl->slabs[s];
    const std::uint32_t size = kTransientSlotSizes.at(slab.sizeClass);
    const auto slot = std::uint32_t((offset % kSlabBytes) / size);
    const bool wasFull = slab.freeMask == 0;
    slab.freeMask |= std::uint32_t(1) << slot;
    --slab.used;
    m_impl->stats.bytesInUse -= size;
    if (slab.used > 0) {
        if (wasFull)
            m_impl->linkPartial(s);
        return;
    }
    if (!wasFull)
        m_impl->unlinkPartial(s);
    --m_impl->stats.slabsInUse;
    if (m_impl->keptCount < m_impl->keptMax) {
        slab.next = m_impl->kept;
        m_impl->kept = s;
        ++m_impl->keptCount;
        return;
    }
    // Under the lock: the slab must not be handed out again before its pages are dropped.
    ::madvise(reinterpret_cast<void *>(m_base + std::uintptr_t(s) * kSlabBytes), kSlabBytes,
              MADV_DONTNEED);
    slab.next = m_impl->returned;
    m_impl->returned = s;
    ++m_impl->stats.slabsReturned;
}

TransientArenaStats TransientArena::stats() const noexcept {
    if (!m_impl)
        return {};
    const std::lock_guard lock(m_impl->mutex);
    TransientArenaStats out = m_impl->stats;
    out.slabsKept = m_impl->keptCount;
    return out;
}

TransientArenaScope::TransientArenaScope() noexcept {
    ++t_transientScopeDepth;
}

TransientArenaScope::~TransientArenaScope() {
    --t_transientScopeDepth;
}

bool TransientArenaScope::active() noexcept {
    return t_transientScopeDepth > 0;
}

TransientArenaScope::Suspend::Suspend() noexcept
    : m_depth(std::exchange(t_transientScopeDepth, 0)) {}

TransientArenaScope::Suspend::~Suspend() {
    t_transientScopeDepth = m_depth;
}

} // namespace msgr::server
