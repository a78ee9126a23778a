#include "cli/commands/profile_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/account/session.h"
#include "core/engine/sync_engine.h"

#include <QDateTime>

namespace msgr::cli {

void ProfileCommand::refuse(const QString &code, const QString &message) {
    if (code == QLatin1String("NOT_FOUND"))
        return finish(NotFound, message);
    if (code == QLatin1String("OFFLINE"))
        return finish(Unreachable, message);
    finish(Refused, tr("the server refused it (%1): %2").arg(code, message));
}

void ProfileCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const QStringList &args = m_env.options->arguments;
    const bool own = args.isEmpty();
    const bool showOther = args.size() == 2 && args.at(0) == QLatin1String("show");
    const bool setOwn = args.size() == 1 && args.at(0) == QLatin1String("set");
    if (!own && !showOther && !setOwn)
        return finish(Usage, tr("usage: msgr-cli [options] profile [show <@username> | set "
                                "[--name N] [--about A] [--username U]]"));
    if (setOwn && !m_env.options->profileEdit.setsDisplayName &&
        !m_env.options->profileEdit.setsAbout && !m_env.options->profileEdit.setsUsername)
        return finish(Usage, tr("profile set needs --name, --about or --username"));
    if (!setOwn &&
        (m_env.options->profileEdit.setsDisplayName || m_env.options->profileEdit.setsAbout ||
         m_env.options->profileEdit.setsUsername))
        return finish(Usage, tr("--name, --about and --username are options of profile set"));
    armDeadline(tr("the server did not answer in time"));
    m_env.client->whenOnline(timeoutMs(), [this, own, showOther] {
        if (own)
            return show(m_env.client->session()->userId());
        if (!showOther)
            return set();
        m_env.client->engine()->findUser(
            m_env.options->arguments.at(1), this,
            [this](qint64 userId, const QString &code, const QString &message) {
                if (!userId)
                    return refuse(code, message);
                show(userId);
            });
    });
}

void ProfileCommand::show(qint64 userId) {
    m_env.client->engine()->getProfile(
        userId, this,
        [this](const QVariantMap &profile, const QString &code, const QString &message) {
            if (!code.isEmpty())
                return refuse(code, message);
            print(profile);
            finish(Ok);
        });
}

void ProfileCommand::set() {
    const core::ContactsService::ProfileEdit &edit = m_env.options->profileEdit;
    m_env.client->engine()->updateProfile(
        edit, this,
        [this](const QVariantMap &profile, const QString &code, const QString &message) {
            if (!code.isEmpty())
                return refuse(code, message);
            print(profile);
            finish(Ok);
        });
}

void ProfileCommand::print(const QVariantMap &profile) {
    const qint64 lastSeenAt = qint64(profile.value(QStringLiteral("lastSeenAt")).toDouble());
    const QString bucket = profile.value(QStringLiteral("lastSeen")).toString();
    const QString lastSeen =
        lastSeenAt > 0 ? QDateTime::fromMSecsSinceEpoch(lastSeenAt).toString(Qt::ISODate) : bucket;
    QString text = tr("%1 (@%2)")
                       .arg(profile.value(QStringLiteral("displayName")).toString(),
                            profile.value(QStringLiteral("username")).toString());
    const QString about = profile.value(QStringLiteral("about")).toString();
    if (!about.isEmpty())
        text += QLatin1Char('\n') + tr("about: %1").arg(about);
    if (!lastSeen.isEmpty())
        text += QLatin1Char('\n') + tr("last seen: %1").arg(lastSeen);
    const QString privacy = profile.value(QStringLiteral("privacy")).toString();
    if (!privacy.isEmpty())
        text += QLatin1Char('\n') + tr("last seen visible to: %1").arg(privacy);
    QJsonObject object = QJsonObject::fromVariantMap(profile);
    object.insert(QStringLiteral("userId"),
                  qint64(profile.value(QStringLiteral("userId")).toDouble()));
    object.insert(QStringLiteral("lastSeenAt"), lastSeenAt);
    m_env.output->result(text, object);
}

} // namespace msgr::cli
