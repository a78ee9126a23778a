#pragma once
//! What msgr-cli writes: results on stdout, one line each, flushed at once (a script reading a
//! pipe sees every message as it comes); errors and warnings on stderr as one line each. With
//! --json every line is one JSON object (JSON lines), errors too:
//! {"error":"<name>","exitCode":N,"message":"..."}.
//!
//! Thread affinity: the main thread.
#include "cli/exit_codes.h"

#include <QJsonObject>
#include <QString>

namespace msgr::cli {

class Output {
public:
    explicit Output(bool json) : m_json(json) {}

    bool json() const { return m_json; }
    //! A result line: `text` in text mode, `object` with --json.
    void result(const QString &text, const QJsonObject &object) const;
    //! The one line of an error on stderr.
    void error(ExitCode code, const QString &message) const;
    //! A warning on stderr ({"warning": ...} with --json); the command goes on.
    void warning(const QString &message) const;

    //! The stable name of an exit code, as in --json errors ("auth_refused", ...).
    static QString codeName(ExitCode code);

private:
    bool m_json;
};

} // namespace msgr::cli
