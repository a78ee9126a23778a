#include "storage/migration_steps.h"

#include "storage/storage_logging.h"

namespace msgr::storage::migrations {
namespace {

//! unicode61 folds case beyond ASCII (Cyrillic); it is compiled out of some SQLite builds.
QByteArray bestTokenizer(sql::Database &db) {
    if (db.exec("CREATE VIRTUAL TABLE temp.tokenizer_probe USING fts4(x, tokenize=unicode61);")) {
        db.exec("DROP TABLE temp.tokenizer_probe;");
        return "unicode61";
    }
    qCWarning(lcStorage) << "unicode61 tokenizer missing; search folds ASCII case only";
    return "simple";
}

} // namespace

bool step002FullTextSearch(sql::Database &db) {
    // External content: the text is stored once, in messages; triggers keep the index in step.
    const QByteArray sql = "CREATE VIRTUAL TABLE messages_fts USING fts4(content=\"messages\", "
                           "text, tokenize=" +
                           bestTokenizer(db) + R"sql();
CREATE TRIGGER messages_fts_before_update BEFORE UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE docid = old.local_id;
END;
CREATE TRIGGER messages_fts_before_delete BEFORE DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE docid = old.local_id;
END;
CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF text ON messages BEGIN
  INSERT INTO messages_fts(docid, text) VALUES (new.local_id, new.text);
END;
CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(docid, text) VALUES (new.local_id, new.text);
END;
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
)sql";
    return db.exec(sql);
}

} // namespace msgr::storage::migrations
