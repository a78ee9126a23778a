#pragma once
//! The list of accounts kept in the app's settings file (QSettings: no secret in it): each
//! account's profile directory and last known name, and which one was shown. Read once at start
//! (before the window shows); written through PreferencesWriter, off the GUI thread.
//! Keys: accounts/profiles, accounts/names (parallel string lists), accounts/active (a profile
//! directory). Before multiple accounts the app kept one "profile" key: it becomes the first
//! account.
#include <QString>
#include <QStringList>

class QSettings;

namespace msgr::core {
class PreferencesWriter;
}

namespace msgr::app {

struct SavedAccounts {
    QStringList profileDirs;
    QStringList names; // same length as profileDirs; empty names allowed
    QString activeProfileDir;
};

//! What `settings` holds, at most kMaxAccounts entries (extra ones are ignored, duplicates
//! dropped); never empty: without a saved list, the old "profile" key or `defaultProfileDir`.
SavedAccounts readSavedAccounts(const QSettings &settings, const QString &defaultProfileDir);

//! Queues the list on `writer` (its thread writes the file).
void saveAccounts(core::PreferencesWriter &writer, const SavedAccounts &accounts);

} // namespace msgr::app
