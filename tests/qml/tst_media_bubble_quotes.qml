import QtQuick
import QtTest
import Messenger.Ui.Messages

// A reply or a forwarded copy that carries a photo or a file (docs/protocol.md §19): its bubble
// shows the quote (a tap asks for the original) and the first author, as a text bubble does.
TestCase {
    id: test
    name: "MediaBubbleQuotes"
    width: 600
    height: 600
    visible: true
    when: windowShown

    Component {
        id: fileComponent
        FileBubble {
            width: 600
            fileName: "plan.pdf"
            fileSize: 1024
            date: new Date(2024, 4, 1, 9, 30)
        }
    }

    Component {
        id: photoComponent
        PhotoBubble {
            width: 600
            photoWidth: 640
            photoHeight: 480
            date: new Date(2024, 4, 1, 9, 30)
        }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    function test_a_reply_with_media_quotes_its_original_data() {
        return [{ tag: "file", component: fileComponent },
                { tag: "photo", component: photoComponent }];
    }

    function test_a_reply_with_media_quotes_its_original(data) {
        const item = createTemporaryObject(data.component, test,
                                           { isReply: true, replySenderName: "Bob",
                                             replyExcerpt: "send me the plan" });
        const quote = findChild(item, "bubbleQuote");
        verify(quote && quote.visible);
        compare(findChild(quote, "quoteSender").text, "Bob");
        compare(findChild(quote, "quoteExcerpt").text, "send me the plan");
        const tapped = createTemporaryObject(spyComponent, test,
                                             { target: item, signalName: "quoteClicked" });
        mouseClick(quote);
        compare(tapped.count, 1);
        verify(!findChild(item, "forwardedLine").visible);
    }

    function test_forwarded_media_names_its_first_author_data() {
        return test_a_reply_with_media_quotes_its_original_data();
    }

    function test_forwarded_media_names_its_first_author(data) {
        const item = createTemporaryObject(data.component, test, { forwardedFrom: "Alice" });
        const line = findChild(item, "forwardedLine");
        verify(line.visible);
        compare(line.text, "Forwarded from Alice");
        verify(!findChild(item, "bubbleQuote"));
    }
}
