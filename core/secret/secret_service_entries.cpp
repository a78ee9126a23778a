#include "core/secret/secret_service_entries.h"

#include "core/secret/secret_timer_values.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/secret_table.h"

#include <QCoreApplication>

namespace msgr::core::secret {
namespace {

struct ServiceTexts {
    Q_DECLARE_TR_FUNCTIONS(msgr::core::secret::ServiceTexts)
};

} // namespace

QString serviceText(storage::SecretServiceKind kind, qint64 value, bool bySelf) {
    switch (kind) {
    case storage::SecretServiceKind::KeyChanged:
        return ServiceTexts::tr("The safety number changed: the other device's key is new. "
                                "Compare the safety numbers, then confirm the new key to write.");
    case storage::SecretServiceKind::KeyConfirmed:
        return ServiceTexts::tr("You confirmed the new key.");
    case storage::SecretServiceKind::TimerSet:
        if (value == 0)
            return bySelf ? ServiceTexts::tr("You turned the self-destruct timer off.")
                          : ServiceTexts::tr("The self-destruct timer was turned off.");
        return bySelf ? ServiceTexts::tr("You set the self-destruct timer to %1.")
                            .arg(timerLabel(value))
                      : ServiceTexts::tr("The self-destruct timer was set to %1.")
                            .arg(timerLabel(value));
    }
    return {};
}

storage::MessageRecord addServiceEntry(storage::WriteTransaction &tx, qint64 chatId,
                                       storage::SecretServiceKind kind, qint64 value, bool bySelf,
                                       qint64 nowMs) {
    storage::MessageRecord m;
    m.chatId = chatId;
    m.serverId = storage::SecretTable::nextSeq(tx, chatId);
    m.senderId = 0; // nobody's: an event of the chat
    m.date = nowMs;
    m.text = serviceText(kind, value, bySelf);
    m = storage::MessagesTable::insertSent(tx, m);
    storage::ChatsTable::offerLastMessage(tx, m);
    storage::SecretStateTable::addServiceEntry(tx, m.localId, chatId, kind, value);
    return m;
}

} // namespace msgr::core::secret
