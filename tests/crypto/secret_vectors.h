#pragma once
// The test vectors of docs/protocol.md, "Secret chats: cryptography": the block between the
// markers below is `name = value` lines, inputs and expected outputs alike. Both checkers
// (tst_secret_vectors in C++, check_secret_vectors.py with PyNaCl) read the same block.
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QString>

namespace msgr::crypto::secret::test {

inline constexpr char kVectorsBegin[] = "<!-- secret-chat-vectors:begin -->";
inline constexpr char kVectorsEnd[] = "<!-- secret-chat-vectors:end -->";
//! The verification block (§12.6: the safety number's emoji and the QR code's text), whose
//! inputs are the identities of the block above.
inline constexpr char kVerificationBegin[] = "<!-- secret-verification-vectors:begin -->";
inline constexpr char kVerificationEnd[] = "<!-- secret-verification-vectors:end -->";

//! name -> value of the document's vector block between `beginMarker` and `endMarker`; empty
//! when the file or block is missing.
inline QMap<QString, QString> readVectors(const QString &path,
                                          const char *beginMarker = kVectorsBegin,
                                          const char *endMarker = kVectorsEnd) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    const qsizetype begin = text.indexOf(QLatin1String(beginMarker));
    const qsizetype end = text.indexOf(QLatin1String(endMarker));
    if (begin < 0 || end < begin)
        return {};
    QMap<QString, QString> vectors;
    static const QRegularExpression line(QStringLiteral("^([a-z0-9_.]+)\\s*=\\s*(\\S+)\\s*$"),
                                         QRegularExpression::MultilineOption);
    auto it = line.globalMatch(text.mid(begin, end - begin));
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        vectors.insert(m.captured(1), m.captured(2));
    }
    return vectors;
}

} // namespace msgr::crypto::secret::test
