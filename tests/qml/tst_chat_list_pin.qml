import QtQuick
import QtTest
import Messenger.Ui.Chats

// A pinned row shows the pin mark; the row's menu offers "Pin to top" or "Unpin" and says which
// the user chose.
TestCase {
    id: test
    name: "ChatListPin"
    width: 400
    height: 200
    visible: true
    when: windowShown

    Component {
        id: rowComponent
        ChatListDelegate {
            width: 400
            title: "Bob"
            lastText: "hi"
        }
    }

    SignalSpy {
        id: toggled
        signalName: "pinToggled"
    }

    function test_pin_mark_follows_the_pinned_state() {
        const row = createTemporaryObject(rowComponent, test, { pinned: false });
        const mark = findChild(row, "pinMark");
        verify(mark);
        verify(!mark.visible);
        row.pinned = true;
        verify(mark.visible);
    }

    function test_menu_pins_an_unpinned_chat_and_unpins_a_pinned_one() {
        const row = createTemporaryObject(rowComponent, test, { pinned: false });
        toggled.clear();
        toggled.target = row;
        const item = findChild(row, "pinMenuItem");
        compare(item.text, "Pin to top");
        item.triggered();
        compare(toggled.count, 1);
        compare(toggled.signalArguments[0][0], true);

        row.pinned = true;
        compare(item.text, "Unpin");
        item.triggered();
        compare(toggled.count, 2);
        compare(toggled.signalArguments[1][0], false);
    }
}
