#include "app/saved_accounts.h"

#include "core/accounts/account_list_model.h"
#include "core/preferences/preferences_writer.h"

#include <QSettings>

namespace msgr::app {
namespace {

const QString kProfilesKey = QStringLiteral("accounts/profiles");
const QString kNamesKey = QStringLiteral("accounts/names");
const QString kActiveKey = QStringLiteral("accounts/active");
const QString kLegacyProfileKey = QStringLiteral("profile");

} // namespace

SavedAccounts readSavedAccounts(const QSettings &settings, const QString &defaultProfileDir) {
    SavedAccounts saved;
    const QStringList dirs = settings.value(kProfilesKey).toStringList();
    const QStringList names = settings.value(kNamesKey).toStringList();
    for (int i = 0; i < dirs.size(); ++i) {
        if (dirs.at(i).isEmpty() || saved.profileDirs.contains(dirs.at(i)))
            continue;
        if (saved.profileDirs.size() == core::AccountListModel::kMaxAccounts)
            break;
        saved.profileDirs.append(dirs.at(i));
        saved.names.append(names.value(i));
    }
    if (saved.profileDirs.isEmpty()) {
        saved.profileDirs.append(settings.value(kLegacyProfileKey, defaultProfileDir).toString());
        saved.names.append(QString());
    }
    saved.activeProfileDir = settings.value(kActiveKey).toString();
    if (!saved.profileDirs.contains(saved.activeProfileDir))
        saved.activeProfileDir = saved.profileDirs.first();
    return saved;
}

void saveAccounts(core::PreferencesWriter &writer, const SavedAccounts &accounts) {
    writer.write(kProfilesKey, accounts.profileDirs);
    writer.write(kNamesKey, accounts.names);
    writer.write(kActiveKey, accounts.activeProfileDir);
}

} // namespace msgr::app
