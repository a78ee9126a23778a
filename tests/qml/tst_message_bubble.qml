import QtQuick
import QtTest
import Messenger.Messages
import Messenger.Ui.Common
import Messenger.Ui.Messages

// A message bubble sits on the side of its author and shows the delivery state of our messages.
TestCase {
    id: test
    name: "MessageBubble"
    width: 600
    height: 400
    visible: true
    when: windowShown

    Component {
        id: bubbleComponent
        MessageBubble {
            width: 600
            text: "Hello"
            date: new Date(2024, 4, 1, 9, 30)
        }
    }

    function bubbleOf(item) {
        return findChild(item, "bubble");
    }

    function test_outgoing_bubble_is_on_the_right() {
        const item = createTemporaryObject(bubbleComponent, test, { outgoing: true });
        const bubble = bubbleOf(item);
        verify(bubble.x + bubble.width / 2 > item.width / 2, "outgoing bubble centre right of middle");
        fuzzyCompare(bubble.x + bubble.width, item.width, Theme.spacing + 1);
    }

    function test_incoming_bubble_is_on_the_left() {
        const item = createTemporaryObject(bubbleComponent, test, { outgoing: false });
        const bubble = bubbleOf(item);
        verify(bubble.x + bubble.width / 2 < item.width / 2, "incoming bubble centre left of middle");
        compare(bubble.x, Theme.spacing);
    }

    function test_text_is_shown_as_plain_text() {
        const item = createTemporaryObject(bubbleComponent, test, { text: "<b>not bold</b>" });
        const label = findChild(item, "bubbleText");
        // What the reader sees, character for character: the markup is text, not bold.
        compare(label.getText(0, label.length), "<b>not bold</b>");
        verify(!label.getFormattedText(0, label.length).includes("font-weight"),
               "the typed markup was not interpreted");
    }

    function test_text_can_be_selected_with_the_mouse() {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { text: "select these words please" });
        const label = findChild(item, "bubbleText");
        compare(label.selectedText, "");
        const start = label.positionToRectangle(7);
        const end = label.positionToRectangle(18);
        mousePress(label, start.x + 1, start.y + start.height / 2);
        mouseMove(label, (start.x + end.x) / 2, start.y + start.height / 2);
        mouseMove(label, end.x, end.y + end.height / 2);
        mouseRelease(label, end.x, end.y + end.height / 2);
        compare(label.selectedText, "these words");
    }

    function test_web_and_mail_addresses_are_links() {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { text: "docs at https://doc.qt.io/qt-6/. or mail ann@example.org" });
        const label = findChild(item, "bubbleText");
        const plain = label.getText(0, label.length);
        compare(plain, "docs at https://doc.qt.io/qt-6/. or mail ann@example.org");
        const linkAtIndex = index => {
            const r = label.positionToRectangle(index);
            return label.linkAt(r.x + 2, r.y + r.height / 2);
        };
        compare(linkAtIndex(plain.indexOf("doc.qt")), "https://doc.qt.io/qt-6/");
        compare(linkAtIndex(plain.indexOf("ann@") + 1), "mailto:ann@example.org");
        compare(linkAtIndex(1), "", "plain words are not links");
        compare(linkAtIndex(plain.indexOf(". or") + 2), "", "the full stop after the link is not in it");
    }

    function test_long_text_wraps_inside_the_bubble() {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { text: "word ".repeat(200), outgoing: true });
        const bubble = bubbleOf(item);
        verify(bubble.width <= item.width * 0.75 + 1, "bubble not wider than three quarters");
        verify(bubble.height > 100, "text wrapped onto many lines");
    }

    function test_outgoing_bubble_shows_its_delivery_state_data() {
        return [
            { tag: "pending", state: MessageState.Pending, glyph: "\u25F7" },
            { tag: "sent", state: MessageState.Sent, glyph: "\u2713" },
            { tag: "delivered", state: MessageState.Delivered, glyph: "\u2713\u2713" },
            { tag: "read", state: MessageState.Read, glyph: "\u2713\u2713" },
            { tag: "failed", state: MessageState.Failed, glyph: "!" }
        ];
    }

    function test_outgoing_bubble_shows_its_delivery_state(data) {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { outgoing: true, deliveryState: data.state });
        const mark = findChild(item, "deliveryMark");
        verify(mark.visible);
        compare(mark.text, data.glyph);
    }

    function test_incoming_bubble_has_no_delivery_mark() {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { outgoing: false, deliveryState: MessageState.Read });
        verify(!findChild(item, "deliveryMark").visible);
    }

    // Replies and forwards (docs/protocol.md §19): the quote above the text, "Deleted message"
    // once the original is gone, a tap on it asks for the original; the first author's line.
    function test_a_reply_quotes_its_original_and_a_tap_asks_for_it() {
        const item = createTemporaryObject(bubbleComponent, test,
                                           { isReply: true, replySenderName: "Bob",
                                             replyExcerpt: "lunch at noon?\nor later" });
        const quote = findChild(item, "bubbleQuote");
        verify(quote && quote.visible);
        compare(findChild(quote, "quoteSender").text, "Bob");
        compare(findChild(quote, "quoteExcerpt").text, "lunch at noon?"); // its first line
        const tapped = createTemporaryObject(signalSpyComponent, test,
                                             { target: item, signalName: "quoteClicked" });
        mouseClick(quote);
        compare(tapped.count, 1);
        item.replyExcerpt = "";
        compare(findChild(quote, "quoteExcerpt").text, "Deleted message");
    }

    function test_a_plain_message_has_no_quote_nor_forward_line() {
        const item = createTemporaryObject(bubbleComponent, test);
        verify(!findChild(item, "bubbleQuote"));
        verify(!findChild(item, "forwardedLine").visible);
    }

    function test_a_forwarded_copy_names_its_first_author() {
        const item = createTemporaryObject(bubbleComponent, test, { forwardedFrom: "Alice" });
        const line = findChild(item, "forwardedLine");
        verify(line.visible);
        compare(line.text, "Forwarded from Alice");
    }

    Component {
        id: signalSpyComponent
        SignalSpy {}
    }
}
