#pragma once
//! The words the group pages show for a refused invite-link or read-list call (docs/protocol.md
//! §20, §21): the codes a user can meet there get a sentence of their own (a dead link, too
//! many attempts with the wait, offline...), anything else the server's message. Translated
//! (context "GroupAnswerText"). Plain function, thread-safe.
#include <QString>

namespace msgr::core {

struct GroupAnswer;

QString groupAnswerText(const GroupAnswer &answer);

} // namespace msgr::core
