// TypingIndicators (core/typing/, docs/protocol.md §17) with a clock moved by hand: who is
// shown typing and how the line reads (private, one, two, many), expiry 6 s after the last
// refresh, a stop and a lost link clear at once; the composer sends at most one start per 5 s
// per chat and one stop only after a live start, and nothing for a secret chat.
#include "core/typing/typing_indicators.h"

#include <QSignalSpy>
#include <QTest>

using msgr::core::TypingIndicators;

namespace {
struct Sent {
    qint64 chatId;
    bool typing;
    friend bool operator==(const Sent &, const Sent &) = default;
};
} // namespace

class TstTypingIndicators : public QObject {
    Q_OBJECT
    qint64 m_now = 1'000'000;
    QList<Sent> m_sent;

    void setUp(TypingIndicators &t) {
        t.setClock([this] { return m_now; });
        t.setNameOf([](qint64 userId) {
            switch (userId) {
            case 2:
                return QStringLiteral("Alice");
            case 3:
                return QStringLiteral("Bob");
            case 4:
                return QStringLiteral("Carol");
            default:
                return QString();
            }
        });
        t.setSender([this](qint64 chatId, bool typing) { m_sent.append({chatId, typing}); });
    }

private slots:
    void init() {
        m_now = 1'000'000;
        m_sent.clear();
    }

    void linesNameWhoTypes() {
        TypingIndicators t;
        setUp(t);
        QSignalSpy changed(&t, &TypingIndicators::changed);
        QCOMPARE(t.line(10, false), QString());
        t.notePeerTyping(10, 2, true);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(t.line(10, false), QStringLiteral("typing…"));
        QCOMPARE(t.line(10, true), QStringLiteral("Alice is typing…"));
        QCOMPARE(t.line(11, true), QString()); // another chat
        t.notePeerTyping(10, 3, true);
        QCOMPARE(t.line(10, true), QStringLiteral("Alice and Bob are typing…"));
        t.notePeerTyping(10, 4, true);
        t.notePeerTyping(10, 5, true); // no name known
        QCOMPARE(t.line(10, true), QStringLiteral("Alice and 3 others are typing…"));
        t.notePeerTyping(10, 2, false);
        t.notePeerTyping(10, 4, false);
        t.notePeerTyping(10, 5, false);
        QCOMPARE(t.line(10, true), QStringLiteral("Bob is typing…"));
        t.notePeerTyping(10, 3, false);
        QCOMPARE(t.line(10, true), QString());
        const int before = int(changed.size());
        t.notePeerTyping(10, 3, false); // nothing shown: nothing changes
        QCOMPARE(changed.size(), before);
    }

    void anIndicatorExpiresSixSecondsAfterItsLastRefresh() {
        TypingIndicators t;
        setUp(t);
        t.notePeerTyping(10, 2, true);
        m_now += 5'000;
        t.notePeerTyping(10, 2, true); // refreshed
        m_now += 5'999;
        t.expireNow();
        QCOMPARE(t.line(10, false), QStringLiteral("typing…"));
        m_now += 1;
        t.expireNow();
        QCOMPARE(t.line(10, false), QString());
    }

    void theTimerExpiresItWithoutHelp() {
        // The real clock and timer: nothing but the expiry removes it.
        TypingIndicators t;
        t.notePeerTyping(10, 2, true);
        QCOMPARE(t.line(10, false), QStringLiteral("typing…"));
        QTRY_COMPARE_WITH_TIMEOUT(t.line(10, false), QString(), 6'000 + 3'000);
    }

    void aLostLinkClearsEverything() {
        TypingIndicators t;
        setUp(t);
        t.notePeerTyping(10, 2, true);
        t.notePeerTyping(11, 3, true);
        QSignalSpy changed(&t, &TypingIndicators::changed);
        t.clearAll();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(t.line(10, false), QString());
        QCOMPARE(t.line(11, true), QString());
    }

    void theComposerSendsAtMostOneStartPerFiveSeconds() {
        TypingIndicators t;
        setUp(t);
        t.composerEdited(10, QStringLiteral("h"));
        t.composerEdited(10, QStringLiteral("he"));
        m_now += 4'999;
        t.composerEdited(10, QStringLiteral("hel"));
        QCOMPARE(m_sent, (QList<Sent>{{10, true}}));
        m_now += 1;
        t.composerEdited(10, QStringLiteral("hell"));
        t.composerEdited(11, QStringLiteral("x")); // another chat has its own pace
        QCOMPARE(m_sent, (QList<Sent>{{10, true}, {10, true}, {11, true}}));
        // Cleared (or sent): one stop; clearing again sends nothing more.
        t.composerEdited(10, QString());
        t.composerEdited(10, QStringLiteral("  "));
        QCOMPARE(m_sent.last(), (Sent{10, false}));
        QCOMPARE(m_sent.size(), 4);
        // Typing again right after a stop starts again at once.
        t.composerEdited(10, QStringLiteral("again"));
        QCOMPARE(m_sent.last(), (Sent{10, true}));
    }

    void aStaleStartNeedsNoStop() {
        TypingIndicators t;
        setUp(t);
        t.composerEdited(10, QStringLiteral("h"));
        m_now += 6'000; // the peer's indicator is gone by now
        t.composerStopped(10);
        QCOMPARE(m_sent, (QList<Sent>{{10, true}}));
        t.composerStopped(12); // never started
        QCOMPARE(m_sent.size(), 1);
    }

    void secretChatsSendNothing() {
        TypingIndicators t;
        setUp(t);
        t.composerEdited(-5, QStringLiteral("secret"));
        t.composerStopped(-5);
        QVERIFY(m_sent.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstTypingIndicators)
#include "tst_typing_indicators.moc"
