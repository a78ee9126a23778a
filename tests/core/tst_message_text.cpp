// How a message's text is cut into several messages and shown with links: the rules a reader
// would notice (words and paragraphs kept whole, emoji never broken, markup never interpreted,
// the sentence's full stop not part of the link).
#include "core/messages/long_text_split.h"
#include "core/messages/message_text_html.h"

#include <QTest>

using msgr::core::messageTextHtml;
using msgr::core::splitLongText;

class TstMessageText : public QObject {
    Q_OBJECT
private slots:
    void shortTextIsOnePartTrimmed() {
        QCOMPARE(splitLongText(QStringLiteral("  hello \n"), 10), QStringList{"hello"});
        QCOMPARE(splitLongText(QStringLiteral(" \n\t "), 10), QStringList{});
        QCOMPARE(splitLongText(QStringLiteral("0123456789"), 10), QStringList{"0123456789"});
    }

    void cutAtTheLastParagraphThenLineThenSpace() {
        // A paragraph end in the second half wins over later line breaks and spaces.
        QCOMPARE(splitLongText(QStringLiteral("aaaaaa\n\nbbb ccc\ndd"), 14),
                 (QStringList{"aaaaaa", "bbb ccc\ndd"}));
        QCOMPARE(splitLongText(QStringLiteral("aaaaaa bb\ncc dd"), 12),
                 (QStringList{"aaaaaa bb", "cc dd"}));
        QCOMPARE(splitLongText(QStringLiteral("one two three four five"), 10),
                 (QStringList{"one two", "three four", "five"}));
        // A break in the first half would waste half a message: the word is cut instead.
        QCOMPARE(splitLongText(QStringLiteral("a bcdefghijklmnop"), 8),
                 (QStringList{"a bcdefg", "hijklmno", "p"}));
    }

    void surrogatePairIsNeverCut() {
        const QString grin = QStringLiteral("\U0001F600");
        const QString text = QStringLiteral("abcd") + grin + grin + grin;
        const QStringList parts = splitLongText(text, 5);
        QCOMPARE(parts.join(QString()), text);
        for (const QString &part : parts) {
            QVERIFY(part.size() <= 5);
            QVERIFY(!part.back().isHighSurrogate());
            QVERIFY(!part.front().isLowSurrogate());
        }
    }

    void everyPartFitsAndNothingIsLost() {
        QString text;
        for (int i = 0; i < 3000; ++i)
            text += QStringLiteral("w%1%2").arg(i).arg(i % 13 == 0 ? QStringLiteral("\n")
                                                                   : QStringLiteral(" "));
        const QStringList parts = splitLongText(text, 4096);
        QCOMPARE(parts.size(), 5);
        QStringList words;
        for (const QString &part : parts) {
            QVERIFY(part.size() <= 4096);
            words += part.split(QRegularExpression(QStringLiteral("\\s+")));
        }
        QCOMPARE(words, text.trimmed().split(QRegularExpression(QStringLiteral("\\s+"))));
    }

    void markupIsShownAsTyped() {
        const QString html = messageTextHtml(QStringLiteral("<b>not bold</b> & \"so\""), "#123456");
        QVERIFY(html.contains(QStringLiteral("&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;so&quot;")));
        QVERIFY(!html.contains(QStringLiteral("<b>")));
        QVERIFY(!html.contains(QStringLiteral("<a ")));
        QVERIFY(html.contains(QStringLiteral("white-space: pre-wrap"))); // spaces, line breaks kept
    }

    void links_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("href");
        QTest::addColumn<QString>("shown");
        QTest::newRow("https, sentence's full stop outside") << "see https://example.com/a?b=1&c=2."
                                                             << "https://example.com/a?b=1&amp;c=2"
                                                             << "https://example.com/a?b=1&amp;c=2";
        QTest::newRow("www gets http") << "www.qt.io, then"
                                       << "http://www.qt.io"
                                       << "www.qt.io";
        QTest::newRow("e-mail") << "write to ann@mail.example.org!"
                                << "mailto:ann@mail.example.org"
                                << "ann@mail.example.org";
        QTest::newRow("balanced parenthesis kept")
            << "(https://en.wikipedia.org/wiki/Qt_(software))"
            << "https://en.wikipedia.org/wiki/Qt_(software)"
            << "https://en.wikipedia.org/wiki/Qt_(software)";
        QTest::newRow("quote ends the link") << "\"http://a.example/x\"<"
                                             << "http://a.example/x"
                                             << "http://a.example/x";
    }
    void links() {
        QFETCH(QString, text);
        QFETCH(QString, href);
        QFETCH(QString, shown);
        const QString html = messageTextHtml(text, QStringLiteral("#3390ec"));
        const QString anchor =
            QStringLiteral("<a href=\"%1\" style=\"color: #3390ec\">%2</a>").arg(href, shown);
        QVERIFY2(html.contains(anchor), qPrintable(html));
        QCOMPARE(html.count(QStringLiteral("<a ")), 1);
    }

    void otherSchemesAreNotLinks() {
        for (const char *text : {"javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"})
            QVERIFY2(!messageTextHtml(QString::fromLatin1(text), "#000").contains("<a "), text);
    }
};

QTEST_GUILESS_MAIN(TstMessageText)
#include "tst_message_text.moc"
