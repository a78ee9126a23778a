#include "storage/cipher_open.h"

#include "crypto/private_files.h"
#include "crypto/secure_bytes.h"
#include "storage/storage_logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace msgr::storage {
namespace {

OpenResult failure(OpenError error, const QString &message) {
    return OpenResult{error, message};
}

constexpr const char *kSideFileSuffixes[] = {"-wal", "-shm", "-journal"};

//! Removes a database this attempt created, so a refused open leaves nothing behind.
void removeCreatedFiles(const QString &path) {
    QFile::remove(path);
    for (const char *suffix : kSideFileSuffixes)
        QFile::remove(path + QLatin1String(suffix));
}

//! The database file exists with mode 0600 before SQLite opens it: SQLite would create it 0644
//! (less the umask) and gives its -wal/-shm/-journal files the database file's mode. Files an
//! older build left wider are narrowed.
bool makeFilesPrivate(const QString &path) {
    if (!crypto::ensurePrivateFile(path))
        return false;
    bool ok = true;
    for (const char *suffix : kSideFileSuffixes)
        ok = crypto::restrictToOwner(path + QLatin1String(suffix)) && ok;
    return ok;
}

//! A file of zero bytes is what makeFilesPrivate() leaves when the first open did not finish:
//! SQLite treats it as a new database, and so does this opener.
bool hasDatabase(const QString &path) {
    const QFileInfo info(path);
    return info.exists() && info.size() > 0;
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
    bool known = false;
    const int major = version.section(QLatin1Char('.'), 0, 0).toInt(&known);
    if (!known) {
        // Which parameters to pin depends on the major version: guessing could write a file
        // that the next library release cannot open.
        qCWarning(lcStorage) << "unrecognised SQLCipher version" << version;
        return false;
    }
    if (ok && major >= 4) {
        ok = db.exec("PRAGMA cipher_hmac_algorithm = HMAC_SHA1;") &&
             db.exec("PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;");
    }
    return ok;
}

bool ensureDirectory(const QString &path) {
    return crypto::ensurePrivateDirectory(QFileInfo(path).absolutePath());
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

OpenResult openEncryptedDatabase(sql::Database &db, const QString &path, QByteArrayView rawKey) {
    if (rawKey.size() != kRawKeyBytes)
        return failure(OpenError::WrongKeyOrCorrupt, QStringLiteral("the key must be 32 bytes"));
    // Checked on a memory database first: a plain SQLite must not even create the file.
    const QString version = linkedSqlCipherVersion();
    if (version.isEmpty())
        return failure(OpenError::NotSqlCipher,
                       QStringLiteral("SQLCipher is not linked; refusing to write plaintext"));
    if (!ensureDirectory(path))
        return failure(OpenError::Io, QStringLiteral("cannot create the profile directory"));

    const bool existed = hasDatabase(path);
    if (!makeFilesPrivate(path)) {
        if (!existed)
            removeCreatedFiles(path);
        return failure(OpenError::Io, QStringLiteral("cannot make the database file private"));
    }
    if (!db.open(path, false)) {
        if (!existed)
            removeCreatedFiles(path);
        return failure(OpenError::Io, QStringLiteral("cannot open the database file"));
    }
    const auto refuse = [&](OpenError error, const QString &message) {
        db.close();
        if (!existed)
            removeCreatedFiles(path);
        return failure(error, message);
    };

    // SQLCipher's raw-key form x'<hex>', built in guarded memory and handed to sqlite3_key:
    // no ordinary heap copy of the key, and no SQL text holding it.
    const crypto::SecureBytes keySpec = crypto::SecureBytes::concat(
        {"x'", crypto::SecureBytes::copyOf(rawKey).toHex().view(), "'"});
    const bool keyed = db.setKey(keySpec.view());
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
    if (!ensureDirectory(path) || !makeFilesPrivate(path) || !db.open(path, true))
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
