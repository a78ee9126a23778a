import QtQuick
import QtTest
import Messenger.Messages
import Messenger.Ui.Common

// The delivery mark tells pending, sent, delivered, read and failed apart.
TestCase {
    id: test
    name: "DeliveryMark"
    width: 200
    height: 100
    visible: true
    when: windowShown

    Component {
        id: markComponent
        DeliveryMark {}
    }

    function test_nothing_shown_without_a_state() {
        const mark = createTemporaryObject(markComponent, test, { deliveryState: MessageState.None });
        verify(!mark.visible);
    }

    function test_each_state_has_its_own_look() {
        const looks = {};
        const states = [MessageState.Pending, MessageState.Sent, MessageState.Delivered,
                        MessageState.Read, MessageState.Failed];
        for (const state of states) {
            const mark = createTemporaryObject(markComponent, test, { deliveryState: state });
            verify(mark.visible, "state " + state + " is visible");
            const look = mark.text + "|" + mark.color;
            verify(!(look in looks), "state " + state + " looks like state " + looks[look]);
            looks[look] = state;
        }
    }

    function test_read_is_accent_coloured_double_tick() {
        const mark = createTemporaryObject(markComponent, test, { deliveryState: MessageState.Read });
        compare(mark.text, "\u2713\u2713");
        verify(Qt.colorEqual(mark.color, Theme.accent));
    }

    function test_failed_is_red() {
        const mark = createTemporaryObject(markComponent, test, { deliveryState: MessageState.Failed });
        verify(Qt.colorEqual(mark.color, Theme.danger));
    }

    function test_mark_follows_state_changes() {
        const mark = createTemporaryObject(markComponent, test, { deliveryState: MessageState.Pending });
        mark.deliveryState = MessageState.Sent;
        compare(mark.text, "\u2713");
        mark.deliveryState = MessageState.Read;
        compare(mark.text, "\u2713\u2713");
    }
}
