#include "storage/migrations.h"

#include "storage/migration_steps.h"
#include "storage/storage_logging.h"

#include <array>

namespace msgr::storage {
namespace {

using Step = bool (*)(sql::Database &);

// Index i migrates from version i to version i + 1. Append only; never edit a shipped step.
constexpr std::array<Step, 32> kSteps = {
    &migrations::step001CreateTables,
    &migrations::step002FullTextSearch,
    &migrations::step003SyncBookkeeping,
    &migrations::step004IndexTextsPerJob,
    &migrations::step005ProfileSettings,
    &migrations::step006RecordsForChannels,
    &migrations::step007PinnedChats,
    &migrations::step008Uploads,
    &migrations::step009StartAndSearchIndexes,
    &migrations::step010SecretChats,
    &migrations::step011Downloads,
    &migrations::step012MessageAttachments,
    &migrations::step013SecretVerificationAndTimers,
    &migrations::step014SecretAttachments,
    &migrations::step015MessageEdits,
    &migrations::step016Drafts,
    &migrations::step017ChatMutes,
    &migrations::step018RepliesAndForwards,
    &migrations::step019PinnedMessages,
    &migrations::step020ProxySettings,
    &migrations::step021GroupRoles,
    &migrations::step022Channels,
    &migrations::step023Contacts,
    &migrations::step024GroupMembersAndServiceMessages,
    &migrations::step025PostCommentCounts,
    &migrations::step026Supergroups,
    &migrations::step027UploadParts,
    &migrations::step028AttachmentFiles,
    &migrations::step029PostCommentsAndChannelAdmins,
    &migrations::step030Photos,
    &migrations::step031CommentOutbox,
    &migrations::step032SealWhileUpload,
};

} // namespace

int latestSchemaVersion() {
    return static_cast<int>(kSteps.size());
}

OpenResult migrate(sql::Database &db, int targetVersion) {
    const int current = static_cast<int>(db.queryInt("PRAGMA user_version;", -1));
    if (current < 0)
        return {OpenError::Migration, QStringLiteral("cannot read the schema version")};
    if (current > latestSchemaVersion())
        return {
            OpenError::Migration,
            QStringLiteral("the database was written by a newer version (schema %1)").arg(current)};
    for (int version = current; version < targetVersion; ++version) {
        const bool ok = db.exec("BEGIN IMMEDIATE;") && kSteps[static_cast<size_t>(version)](db) &&
                        db.exec("PRAGMA user_version = " + QByteArray::number(version + 1) + ";") &&
                        db.exec("COMMIT;");
        if (!ok) {
            const QString error = db.lastError();
            db.exec("ROLLBACK;");
            qCWarning(lcStorage) << "migration to schema" << version + 1 << "failed:" << error;
            return {
                OpenError::Migration,
                QStringLiteral("migration to schema %1 failed: %2").arg(version + 1).arg(error)};
        }
        qCInfo(lcStorage) << "migrated database to schema" << version + 1;
    }
    return {};
}

} // namespace msgr::storage
