#include "storage/cipher_open.h"

#include "storage/storage_logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace msgr::storage {
namespace {

OpenResult failure(OpenError error, const QString &message) {
    return OpenResult{error, message};
}

//! Removes a database this attempt created, so a refused open leaves nothing behind.
void removeCreatedFiles(const QString &path) {
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

QString cipherVersionOf(sql::Database &db) {
    bool hasRow = false;
    const QString version = db.queryText("PRAGMA cipher_version;", &hasRow);
    return hasRow ? version : QString();
}

//! Pins the cipher parameters of SQLCipher 3 so a 4.x library reads and writes the same format.
bool applyCipherParameters(sql::Database &db, const QString &version) {
    bool ok = db.exec("PRAGMA cipher_page_size = " + QByteArray::number(kCipherPageSize) + ";") &&
              db.exec("PRAGMA kdf_iter = 64000;") && db.exec("PRAGMA cipher_use_hmac = ON;");
    if (ok && version.section(QLatin1Char('.'), 0, 0).toInt() >= 4) {
        ok = db.exec("PRAGMA cipher_hmac_algorithm = HMAC_SHA1;") &&
             db.exec("PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;");
    }
    return ok;
}

bool ensureDirectory(const QString &path) {
    return QDir().mkpath(QFileInfo(path).absolutePath());
}

OpenResult finishOpen(sql::Database &db) {
    if (!db.exec("PRAGMA journal_mode = WAL;") || !db.exec("PRAGMA synchronous = NORMAL;") ||
        !db.exec("PRAGMA foreign_keys = ON;") ||
        // 8 MiB of decrypted pages: an encrypted page costs a decryption on every cache miss.
        !db.exec("PRAGMA cache_size = -8192;"))
        return failure(OpenError::Io, QStringLiteral("cannot configure the database"));
    return {};
}

} // namespace

QString linkedSqlCipherVersion() {
    sql::Database probe;
    if (!probe.open(QStringLiteral(":memory:"), true))
        return {};
    return cipherVersionOf(probe);
}

OpenResult openEncryptedDatabase(sql::Database &db, const QString &path, const QByteArray &rawKey) {
    if (rawKey.size() != kRawKeyBytes)
        return failure(OpenError::WrongKeyOrCorrupt, QStringLiteral("the key must be 32 bytes"));
    // Checked on a memory database first: a plain SQLite must not even create the file.
    const QString version = linkedSqlCipherVersion();
    if (version.isEmpty())
        return failure(OpenError::NotSqlCipher,
                       QStringLiteral("SQLCipher is not linked; refusing to write plaintext"));
    if (!ensureDirectory(path))
        return failure(OpenError::Io, QStringLiteral("cannot create the profile directory"));

    const bool existed = QFileInfo::exists(path);
    if (!db.open(path, !existed))
        return failure(OpenError::Io, QStringLiteral("cannot open the database file"));
    const auto refuse = [&](OpenError error, const QString &message) {
        db.close();
        if (!existed)
            removeCreatedFiles(path);
        return failure(error, message);
    };

    QByteArray keyPragma = "PRAGMA key = \"x'" + rawKey.toHex() + "'\";";
    const bool keyed = db.exec(keyPragma);
    keyPragma.fill('\0');
    if (!keyed || !applyCipherParameters(db, version))
        return refuse(OpenError::WrongKeyOrCorrupt, QStringLiteral("cannot set the key"));
    if (cipherVersionOf(db).isEmpty())
        return refuse(OpenError::NotSqlCipher, QStringLiteral("the connection is not SQLCipher"));
    // A read before any write: a wrong key or a damaged file fails here, untouched.
    bool readable = false;
    db.queryText("SELECT count(*) FROM sqlite_master;", &readable);
    if (!readable)
        return refuse(OpenError::WrongKeyOrCorrupt,
                      QStringLiteral("the database does not decrypt with this key or is damaged"));
    qCInfo(lcStorage) << "opened encrypted database, SQLCipher" << version;
    return finishOpen(db);
}

OpenResult openPlaintextDatabaseForBenchmark(sql::Database &db, const QString &path) {
    if (!ensureDirectory(path) || !db.open(path, true))
        return failure(OpenError::Io, QStringLiteral("cannot open the database file"));
    // The same page size as the encrypted files, so the comparison measures only encryption.
    db.exec("PRAGMA page_size = " + QByteArray::number(kCipherPageSize) + ";");
    bool readable = false;
    db.queryText("SELECT count(*) FROM sqlite_master;", &readable);
    if (!readable)
        return failure(OpenError::WrongKeyOrCorrupt, QStringLiteral("not a plain database"));
    return finishOpen(db);
}

} // namespace msgr::storage
