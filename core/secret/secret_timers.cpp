#include "core/secret/secret_timers.h"

#include "core/secret/secret_logging.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/secret_state_table.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QThreadPool>

#include <algorithm>

namespace msgr::core::secret {
namespace {

//! A QTimer takes an int of ms: a week's timer is re-armed in steps.
constexpr qint64 kMaxArmMs = 24LL * 3600 * 1000;

} // namespace

Purged purgeExpired(storage::WriteTransaction &tx, qint64 nowMs) {
    Purged out;
    for (const storage::SecretTimerRow &timer :
         storage::SecretStateTable::expiredTimers(tx, nowMs)) {
        if (std::optional<ForgottenFile> file = forgetFile(tx, timer.localId))
            out.files.append(std::move(*file));
        storage::SecretStateTable::deleteExpiredMessage(tx, timer.localId);
        out.localIds.append(timer.localId);
        if (!out.chatIds.contains(timer.chatId))
            out.chatIds.append(timer.chatId);
    }
    for (qint64 chatId : std::as_const(out.chatIds)) {
        storage::ChatsTable::refreshLastMessage(tx, chatId);
        tx.noteChatChanged(chatId);
    }
    if (!out.localIds.isEmpty())
        tx.noteReset(); // rows went away: the views reload what they show
    out.nextExpiry = storage::SecretStateTable::nextExpiry(tx);
    return out;
}

SecretTimers::SecretTimers(storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_store(store) {
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire up to 5% early
    connect(&m_timer, &QTimer::timeout, this, &SecretTimers::start);
}

void SecretTimers::start() {
    m_store->writeReturning(
        [](storage::WriteTransaction &tx) {
            return purgeExpired(tx, QDateTime::currentMSecsSinceEpoch());
        },
        this,
        [this](const Purged &purged) {
            if (!purged.files.isEmpty())
                removeFiles(purged.files);
            if (!purged.localIds.isEmpty()) {
                qCInfo(lcSecret) << purged.localIds.size() << "self-destructing messages expired";
                emit messagesExpired(purged.localIds, purged.chatIds);
            }
            if (purged.nextExpiry == 0) {
                m_timer.stop();
                return;
            }
            const qint64 wait = purged.nextExpiry - QDateTime::currentMSecsSinceEpoch();
            m_timer.start(int(std::clamp<qint64>(wait, 0, kMaxArmMs)));
        });
}

void SecretTimers::removeFiles(const QList<ForgottenFile> &files) {
    QStringList paths;
    QStringList fileIds;
    for (const ForgottenFile &file : files) {
        if (!file.tempPath.isEmpty())
            paths.append(file.tempPath);
        if (!file.cacheName.isEmpty() && !m_cacheDir.isEmpty())
            paths.append(QDir(m_cacheDir).filePath(file.cacheName));
        if (!file.fileId.isEmpty())
            fileIds.append(file.fileId);
    }
    // Disk work: never on this (the GUI) thread.
    QThreadPool::globalInstance()->start([paths] {
        for (const QString &path : paths)
            if (QFile::exists(path) && !QFile::remove(path))
                qCWarning(lcSecret) << "an expired file could not be deleted";
    });
    if (!fileIds.isEmpty())
        emit filesExpired(fileIds);
}

} // namespace msgr::core::secret
