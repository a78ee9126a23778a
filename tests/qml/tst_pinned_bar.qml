import QtQuick
import QtTest
import Messenger.Ui.Messages

// The pinned bar at the top of a chat (docs/protocol.md §17.4): who wrote the pinned message
// and the start of its text, a tap to show it, × to unpin only for who may.
TestCase {
    id: test
    name: "PinnedBar"
    width: 500
    height: 200
    visible: true
    when: windowShown

    Component {
        id: barComponent
        PinnedBar {
            width: 500
            senderName: "Bob"
            excerpt: "5 Elm St\nsecond floor"
            canUnpin: true
        }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    function test_it_names_the_sender_and_the_first_line() {
        const bar = createTemporaryObject(barComponent, test);
        compare(findChild(bar, "quoteSender").text, "Pinned message · Bob");
        compare(findChild(bar, "quoteExcerpt").text, "5 Elm St");
    }

    function test_a_tap_asks_for_the_message() {
        const bar = createTemporaryObject(barComponent, test);
        const activated = createTemporaryObject(spyComponent, test,
                                                { target: bar, signalName: "activated" });
        mouseClick(findChild(bar, "pinnedBarQuote"));
        compare(activated.count, 1);
    }

    function test_the_cross_unpins_and_is_offered_only_to_who_may() {
        const bar = createTemporaryObject(barComponent, test);
        const unpinned = createTemporaryObject(spyComponent, test,
                                               { target: bar, signalName: "unpin" });
        const cross = findChild(bar, "unpinButton");
        verify(cross.visible);
        mouseClick(cross);
        compare(unpinned.count, 1);
        bar.canUnpin = false;
        verify(!cross.visible);
    }
}
