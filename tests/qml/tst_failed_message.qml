import QtQuick
import QtTest
import Messenger.Messages
import Messenger.Ui.Messages

// Under a message the server refused, the reason is written out and the user can send it
// again (when that may help) or delete it (when it never reached the server).
TestCase {
    id: test
    name: "FailedMessage"
    width: 600
    height: 300
    visible: true
    when: windowShown

    Component {
        id: rowComponent
        MessageDelegate {
            width: 600
            text: "are you there?"
            outgoing: true
            pending: true
            deliveryState: MessageState.Failed
            date: new Date(2024, 4, 1, 9, 30)
        }
    }

    SignalSpy {
        id: retrySpy
        signalName: "retryRequested"
    }
    SignalSpy {
        id: deleteSpy
        signalName: "cancelRequested"
    }

    function makeRow(properties) {
        const row = createTemporaryObject(rowComponent, test, properties);
        retrySpy.clear();
        retrySpy.target = row;
        deleteSpy.clear();
        deleteSpy.target = row;
        return row;
    }

    function test_a_sent_message_shows_no_failure() {
        const row = makeRow({ deliveryState: MessageState.Sent, pending: false });
        compare(findChild(row, "failureReason"), null);
    }

    function test_reason_and_both_actions_for_a_refusal_that_may_pass() {
        const row = makeRow({ failure: "Not sent: one of you has blocked the other.", retryable: true });
        const reason = findChild(row, "failureReason");
        verify(reason !== null && reason.visible);
        compare(reason.text, "Not sent: one of you has blocked the other.");
        const retry = findChild(row, "retryButton");
        const remove = findChild(row, "deleteFailedButton");
        verify(retry.visible);
        verify(remove.visible);
        mouseClick(retry);
        compare(retrySpy.count, 1);
        mouseClick(remove);
        compare(deleteSpy.count, 1);
    }

    function test_too_long_offers_delete_only() {
        const row = makeRow({ failure: "Not sent: longer than 4,096 characters.", retryable: false });
        verify(!findChild(row, "retryButton").visible);
        verify(findChild(row, "deleteFailedButton").visible);
    }

    function test_nothing_to_delete_once_it_is_on_the_server() {
        // A refused secret message is stored as sent: deleting it is a message action.
        const row = makeRow({ failure: "Not sent: the other device of this secret chat no longer exists.",
                              retryable: false, pending: false });
        verify(findChild(row, "failureReason").visible);
        verify(!findChild(row, "retryButton").visible);
        verify(!findChild(row, "deleteFailedButton").visible);
    }
}
