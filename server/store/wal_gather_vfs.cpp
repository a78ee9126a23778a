#include "server/store/wal_gather_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace msgr::server::sqlite {

namespace walgather {

//! Bytes gathered before a write: 31 frames of a 4 KiB page, so a batch's commit of a few MiB
//! takes tens of `pwrite`s instead of thousands. Below 128 KiB: SQLite's unix VFS writes at
//! most 0x1ffff bytes a call (seekAndWriteFd masks the length with it). Allocated when a WAL is
//! first written.
constexpr int kBufferBytes = 127 * 1024;

constexpr const char *kVfsName = "msgr-wal-gather";

struct File {
    sqlite3_file base; // pMethods: kMethods
    sqlite3_file *real;
    bool gather; // the WAL; other files only forward
    char *buffer;
    sqlite3_int64 bufferOffset; // file offset of buffer[0]
    int buffered;               // bytes in buffer
};

sqlite3_vfs *g_real = nullptr;
sqlite3_vfs g_vfs{};

File *self(sqlite3_file *file) {
    return reinterpret_cast<File *>(file);
}

sqlite3_file *real(sqlite3_file *file) {
    return self(file)->real;
}

//! Writes what is gathered; the buffer is empty afterwards even if the write failed (the
//! error reaches SQLite through the call that needed the bytes on file).
int flush(File *f) {
    if (f->buffered == 0)
        return SQLITE_OK;
    const int rc = f->real->pMethods->xWrite(f->real, f->buffer, f->buffered, f->bufferOffset);
    f->buffered = 0;
    return rc;
}

int close(sqlite3_file *file) {
    File *f = self(file);
    const int flushed = flush(f);
    std::free(f->buffer);
    f->buffer = nullptr;
    const int rc = f->real->pMethods->xClose(f->real);
    return flushed != SQLITE_OK ? flushed : rc;
}

int read(sqlite3_file *file, void *out, int amount, sqlite3_int64 offset) {
    File *f = self(file);
    if (f->buffered > 0 && offset < f->bufferOffset + f->buffered &&
        offset + amount > f->bufferOffset) {
        const int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    return f->real->pMethods->xRead(f->real, out, amount, offset);
}

int write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    File *f = self(file);
    if (!f->gather)
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    if (f->buffered > 0 && offset == f->bufferOffset + f->buffered &&
        f->buffered + amount <= kBufferBytes) {
        std::memcpy(f->buffer + f->buffered, data, static_cast<size_t>(amount));
        f->buffered += amount;
        return SQLITE_OK;
    }
    // Not contiguous with what is gathered (the WAL's header after a restart, a checksum
    // rewrite) or the buffer is full: what is gathered goes first, so later bytes still win.
    const int rc = flush(f);
    if (rc != SQLITE_OK)
        return rc;
    if (!f->buffer)
        f->buffer = static_cast<char *>(std::malloc(kBufferBytes));
    if (!f->buffer || amount > kBufferBytes)
        return f->real->pMethods->xWrite(f->real, data, amount, offset);
    std::memcpy(f->buffer, data, static_cast<size_t>(amount));
    f->bufferOffset = offset;
    f->buffered = amount;
    return SQLITE_OK;
}

int truncate(sqlite3_file *file, sqlite3_int64 size) {
    const int rc = flush(self(file));
    if (rc != SQLITE_OK)
        return rc;
    return real(file)->pMethods->xTruncate(real(file), size);
}

int sync(sqlite3_file *file, int flags) {
    const int rc = flush(self(file));
    if (rc != SQLITE_OK)
        return rc;
    return real(file)->pMethods->xSync(real(file), flags);
}

int fileSize(sqlite3_file *file, sqlite3_int64 *size) {
    const int rc = flush(self(file));
    if (rc != SQLITE_OK)
        return rc;
    return real(file)->pMethods->xFileSize(real(file), size);
}

int lock(sqlite3_file *file, int level) {
    return real(file)->pMethods->xLock(real(file), level);
}

int unlock(sqlite3_file *file, int level) {
    return real(file)->pMethods->xUnlock(real(file), level);
}

int checkReservedLock(sqlite3_file *file, int *out) {
    return real(file)->pMethods->xCheckReservedLock(real(file), out);
}

int fileControl(sqlite3_file *file, int op, void *arg) {
    return real(file)->pMethods->xFileControl(real(file), op, arg);
}

int sectorSize(sqlite3_file *file) {
    return real(file)->pMethods->xSectorSize(real(file));
}

int deviceCharacteristics(sqlite3_file *file) {
    return real(file)->pMethods->xDeviceCharacteristics(real(file));
}

int shmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    if (real(file)->pMethods->iVersion < 2)
        return SQLITE_IOERR_SHMMAP;
    return real(file)->pMethods->xShmMap(real(file), region, size, extend, out);
}

int shmLock(sqlite3_file *file, int offset, int n, int flags) {
    return real(file)->pMethods->xShmLock(real(file), offset, n, flags);
}

void shmBarrier(sqlite3_file *file) {
    real(file)->pMethods->xShmBarrier(real(file));
}

int shmUnmap(sqlite3_file *file, int deleteFlag) {
    return real(file)->pMethods->xShmUnmap(real(file), deleteFlag);
}

int fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    *out = nullptr;
    const int rc = flush(self(file));
    if (rc != SQLITE_OK)
        return rc;
    if (real(file)->pMethods->iVersion < 3)
        return SQLITE_OK; // no memory map: SQLite reads instead
    return real(file)->pMethods->xFetch(real(file), offset, amount, out);
}

int unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    if (real(file)->pMethods->iVersion < 3)
        return SQLITE_OK;
    return real(file)->pMethods->xUnfetch(real(file), offset, page);
}

const sqlite3_io_methods kMethods = {3,
                                     close,
                                     read,
                                     write,
                                     truncate,
                                     sync,
                                     fileSize,
                                     lock,
                                     unlock,
                                     checkReservedLock,
                                     fileControl,
                                     sectorSize,
                                     deviceCharacteristics,
                                     shmMap,
                                     shmLock,
                                     shmBarrier,
                                     shmUnmap,
                                     fetch,
                                     unfetch};

//! The real file lives right behind ours, in the block SQLite allocates (szOsFile).
constexpr int kFileBytes = (static_cast<int>(sizeof(File)) + 7) & ~7;

int open(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags) {
    File *f = self(file);
    f->real = reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(file) + kFileBytes);
    f->gather = (flags & SQLITE_OPEN_WAL) != 0;
    f->buffer = nullptr;
    f->bufferOffset = 0;
    f->buffered = 0;
    f->real->pMethods = nullptr;
    const int rc = g_real->xOpen(g_real, name, f->real, flags, outFlags);
    // Without methods SQLite never calls xClose: ours only when the real file is open.
    f->base.pMethods = f->real->pMethods ? &kMethods : nullptr;
    return rc;
}

void registerVfs() {
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real)
        return;
    g_vfs = *g_real; // every other call (paths, randomness, time, ...) is the real VFS's own
    g_vfs.pNext = nullptr;
    g_vfs.iVersion = std::min(g_real->iVersion, 3);
    g_vfs.szOsFile = kFileBytes + g_real->szOsFile;
    g_vfs.zName = kVfsName;
    g_vfs.xOpen = open;
    if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK)
        g_real = nullptr;
}

} // namespace walgather

const char *walGatherVfsName() {
    static std::once_flag once;
    std::call_once(once, walgather::registerVfs);
    return walgather::g_real ? walgather::kVfsName : nullptr;
}

} // namespace msgr::server::sqlite
