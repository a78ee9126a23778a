#include "cli/output.h"

#include <QJsonDocument>

#include <cstdio>

namespace msgr::cli {
namespace {

void writeLine(std::FILE *stream, const QByteArray &line) {
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

QByteArray compact(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

//! One line, whatever the message holds.
QString oneLine(QString text) {
    return text.replace(QLatin1Char('\n'), QLatin1Char(' '));
}

} // namespace

void Output::result(const QString &text, const QJsonObject &object) const {
    writeLine(stdout, m_json ? compact(object) : text.toUtf8());
}

void Output::error(ExitCode code, const QString &message) const {
    if (m_json)
        writeLine(stderr, compact({{QStringLiteral("error"), codeName(code)},
                                   {QStringLiteral("exitCode"), int(code)},
                                   {QStringLiteral("message"), message}}));
    else
        writeLine(stderr, QStringLiteral("msgr-cli: %1").arg(oneLine(message)).toUtf8());
}

void Output::warning(const QString &message) const {
    if (m_json)
        writeLine(stderr, compact({{QStringLiteral("warning"), message}}));
    else
        writeLine(stderr, QStringLiteral("msgr-cli: warning: %1").arg(oneLine(message)).toUtf8());
}

QString Output::codeName(ExitCode code) {
    switch (code) {
    case Ok:
        return QStringLiteral("ok");
    case Failure:
        return QStringLiteral("failure");
    case Usage:
        return QStringLiteral("usage");
    case AuthRefused:
        return QStringLiteral("auth_refused");
    case AccountState:
        return QStringLiteral("account_state");
    case ProfileLocked:
        return QStringLiteral("profile_locked");
    case Unreachable:
        return QStringLiteral("unreachable");
    case Refused:
        return QStringLiteral("refused");
    case NotFound:
        return QStringLiteral("not_found");
    case VerificationFailed:
        return QStringLiteral("verification_failed");
    case KeyChanged:
        return QStringLiteral("key_changed");
    case Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("failure");
}

} // namespace msgr::cli
