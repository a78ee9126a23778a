import QtQuick
import QtTest
import Messenger.Ui.Messages

// The reply bar above the composer (docs/protocol.md §19): whom the reply answers and the start
// of the quoted text, and × to cancel.
TestCase {
    id: test
    name: "ReplyBar"
    width: 500
    height: 200
    visible: true
    when: windowShown

    Component {
        id: barComponent
        ReplyBar {
            width: 500
            senderName: "Bob"
            excerpt: "lunch at noon?"
        }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    function test_it_names_whom_and_what_the_reply_answers() {
        const bar = createTemporaryObject(barComponent, test);
        compare(findChild(bar, "quoteSender").text, "Reply to Bob");
        compare(findChild(bar, "quoteExcerpt").text, "lunch at noon?");
    }

    function test_the_cross_cancels() {
        const bar = createTemporaryObject(barComponent, test);
        const cancelled = createTemporaryObject(spyComponent, test,
                                                { target: bar, signalName: "cancel" });
        mouseClick(findChild(bar, "cancelReplyButton"));
        compare(cancelled.count, 1);
    }
}
