#include "cli/secret_sources.h"

#include "cli/cli_options.h"

#include <cstdlib>
#include <utility>

namespace msgr::cli {
namespace {

constexpr auto kPassphraseVariable = "MSGR_PASSPHRASE";
constexpr auto kNewPassphraseVariable = "MSGR_NEW_PASSPHRASE";

} // namespace

SecretSources::SecretSources(const CliOptions &options, int cancelFd)
    : m_options(options), m_cancelFd(cancelFd) {}

SecretRead SecretSources::passphrase(bool isNew) const {
    if (!m_options.passphraseFile.isEmpty())
        return readSecretFile(m_options.passphraseFile);
    if (std::getenv(kPassphraseVariable))
        return takeSecretFromEnvironment(kPassphraseVariable);
    SecretRead first = readSecretLine(isNew ? QStringLiteral("New passphrase for this profile: ")
                                            : QStringLiteral("Passphrase of this profile: "),
                                      m_cancelFd);
    return isNew ? confirmedOnTerminal(std::move(first)) : first;
}

SecretRead SecretSources::newPassphrase() const {
    if (!m_options.newPassphraseFile.isEmpty())
        return readSecretFile(m_options.newPassphraseFile);
    if (std::getenv(kNewPassphraseVariable))
        return takeSecretFromEnvironment(kNewPassphraseVariable);
    return confirmedOnTerminal(readSecretLine(QStringLiteral("New passphrase: "), m_cancelFd));
}

SecretRead SecretSources::confirmedOnTerminal(SecretRead first) const {
    // A new passphrase typed on a terminal is asked twice (a typo would lock the profile); one
    // piped in is taken as it comes.
    if (!first.ok() || !stdinIsTerminal())
        return first;
    const SecretRead again =
        readSecretLine(QStringLiteral("The same passphrase again: "), m_cancelFd);
    if (!again.ok())
        return again;
    if (again.value != first.value)
        return {SecretRead::Status::Failed, {}, QStringLiteral("the passphrases differ")};
    return first;
}

SecretRead SecretSources::password() const {
    if (!m_options.passwordFile.isEmpty())
        return readSecretFile(m_options.passwordFile);
    return readSecretLine(QStringLiteral("Password: "), m_cancelFd);
}

SecretRead SecretSources::messageText() const {
    return readAllStdin(m_cancelFd);
}

} // namespace msgr::cli
