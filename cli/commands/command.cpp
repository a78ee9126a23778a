#include "cli/commands/command.h"

#include "cli/cli_options.h"
#include "cli/commands/auth_command.h"
#include "cli/commands/change_passphrase_command.h"
#include "cli/commands/channel_command.h"
#include "cli/commands/chats_command.h"
#include "cli/commands/contacts_command.h"
#include "cli/commands/download_command.h"
#include "cli/commands/forward_command.h"
#include "cli/commands/group_command.h"
#include "cli/commands/history_command.h"
#include "cli/commands/logout_command.h"
#include "cli/commands/pin_command.h"
#include "cli/commands/profile_command.h"
#include "cli/commands/receive_command.h"
#include "cli/commands/search_command.h"
#include "cli/commands/secret_reset_keys_command.h"
#include "cli/commands/secret_send_file_command.h"
#include "cli/commands/secret_start_command.h"
#include "cli/commands/secret_timer_command.h"
#include "cli/commands/secret_verify_command.h"
#include "cli/commands/send_command.h"
#include "cli/commands/storage_commands.h"
#include "cli/commands/upload_command.h"
#include "cli/output.h"

namespace msgr::cli {

void Command::finish(ExitCode code, const QString &error) {
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    if (code != Ok && !error.isEmpty())
        m_env.output->error(code, error);
    emit finished(int(code));
}

qint64 Command::messageIdArgument(int index) {
    const QString &argument = m_env.options->arguments.at(index);
    bool isNumber = false;
    const qint64 messageId = argument.toLongLong(&isNumber);
    if (isNumber && messageId >= 1)
        return messageId;
    finish(Usage, tr("\"%1\" is not a message id (a positive number)").arg(argument));
    return 0;
}

int Command::timeoutMs() const {
    return m_env.options->timeoutSeconds * 1000;
}

void Command::armDeadline(const QString &message) {
    m_deadline.setSingleShot(true);
    m_deadline.disconnect(this);
    connect(&m_deadline, &QTimer::timeout, this, [this, message] { finish(Unreachable, message); });
    m_deadline.start(timeoutMs());
}

void Command::finishSignedOut() {
    finish(AccountState, tr("this profile is signed out: run msgr-cli login first"));
}

std::unique_ptr<Command> makeCommand(const CommandEnv &env) {
    switch (env.options->command) {
    case CommandName::SignUp:
    case CommandName::LogIn:
        return std::make_unique<AuthCommand>(env);
    case CommandName::LogOut:
        return std::make_unique<LogoutCommand>(env);
    case CommandName::Chats:
        return std::make_unique<ChatsCommand>(env);
    case CommandName::Send:
        return std::make_unique<SendCommand>(env);
    case CommandName::History:
        return std::make_unique<HistoryCommand>(env);
    case CommandName::Receive:
        return std::make_unique<ReceiveCommand>(env);
    case CommandName::Upload:
        return std::make_unique<UploadCommand>(env);
    case CommandName::Download:
        return std::make_unique<DownloadCommand>(env);
    case CommandName::SecretStart:
        return std::make_unique<SecretStartCommand>(env);
    case CommandName::SecretVerify:
        return std::make_unique<SecretVerifyCommand>(env);
    case CommandName::SecretResetKeys:
        return std::make_unique<SecretResetKeysCommand>(env);
    case CommandName::Search:
        return std::make_unique<SearchCommand>(env);
    case CommandName::SecretTimer:
        return std::make_unique<SecretTimerCommand>(env);
    case CommandName::SecretSendFile:
        return std::make_unique<SecretSendFileCommand>(env);
    case CommandName::Forward:
        return std::make_unique<ForwardCommand>(env);
    case CommandName::Storage:
        return std::make_unique<StorageCommand>(env);
    case CommandName::ClearCache:
        return std::make_unique<ClearCacheCommand>(env);
    case CommandName::ChangePassphrase:
        return std::make_unique<ChangePassphraseCommand>(env);
    case CommandName::Pin:
        return std::make_unique<PinCommand>(env, true);
    case CommandName::Unpin:
        return std::make_unique<PinCommand>(env, false);
    case CommandName::Channel:
        return std::make_unique<ChannelCommand>(env);
    case CommandName::Contacts:
        return std::make_unique<ContactsCommand>(env, ContactsCommand::Kind::Contacts);
    case CommandName::Block:
        return std::make_unique<ContactsCommand>(env, ContactsCommand::Kind::Block);
    case CommandName::Unblock:
        return std::make_unique<ContactsCommand>(env, ContactsCommand::Kind::Unblock);
    case CommandName::Profile:
        return std::make_unique<ProfileCommand>(env);
    case CommandName::Group:
        return std::make_unique<GroupCommand>(env);
    }
    return nullptr;
}

} // namespace msgr::cli
