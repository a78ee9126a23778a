#include "cli/commands/storage_commands.h"

#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/context/core_context.h"
#include "core/media/media_service.h"
#include "core/media/storage_usage.h"

#include <QJsonObject>

namespace msgr::cli {

void StorageCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    printUsage(true);
}

void StorageCommand::printUsage(bool measureNow) {
    core::StorageUsage *usage = m_env.client->context()->media()->storage();
    connect(
        usage, &core::StorageUsage::figuresChanged, this,
        [this, usage] {
            const core::StorageFigures &f = usage->figures();
            const auto line = [this, usage](const QString &part, const QString &label,
                                            qint64 bytes) {
                m_env.output->result(
                    QStringLiteral("%1 %2").arg(label, -34).arg(usage->formatBytes(double(bytes))),
                    {{QStringLiteral("part"), part}, {QStringLiteral("bytes"), double(bytes)}});
            };
            line(QStringLiteral("database"), tr("database"), f.databaseBytes);
            line(QStringLiteral("photos"), tr("photos (clearable)"), f.photoBytes);
            line(QStringLiteral("files"), tr("files (clearable)"), f.fileBytes);
            line(QStringLiteral("other"), tr("other (in progress, secret chats)"), f.otherBytes);
            line(QStringLiteral("uploads"), tr("files waiting to be sent"), f.uploadBytes);
            line(QStringLiteral("total"), tr("total"), f.totalBytes());
            finish(Ok);
        },
        Qt::SingleShotConnection);
    armDeadline(tr("the profile's transfers did not load in time"));
    if (measureNow)
        usage->refresh();
}

void ClearCacheCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    core::StorageUsage *usage = m_env.client->context()->media()->storage();
    connect(usage, &core::StorageUsage::cleared, this, [this](int files, double bytes) {
        m_env.output->result(
            tr("cleared %1 files, %2 bytes").arg(files).arg(qint64(bytes)),
            {{QStringLiteral("clearedFiles"), files}, {QStringLiteral("clearedBytes"), bytes}});
        printUsage(false); // clearing measures again by itself
    });
    armDeadline(tr("the profile's transfers did not load in time"));
    usage->clearCache();
}

} // namespace msgr::cli
