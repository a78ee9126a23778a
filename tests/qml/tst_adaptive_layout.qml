import QtQuick
import QtTest
import Messenger.Ui

// Wide windows show the chat list and the chat side by side; phone-sized ones stack them, and
// the open chat survives a switch between the two.
TestCase {
    id: test
    name: "AdaptiveLayout"
    width: 1200
    height: 800
    visible: true
    when: windowShown

    Component {
        id: listStub
        Rectangle {
            objectName: "listStub"
        }
    }
    Component {
        id: chatStub
        Rectangle {
            objectName: "chatStub"
            property int chatId
            property string chatTitle
            property bool showBack
            property int jumpToLocalId
        }
    }
    Component {
        id: emptyStub
        Rectangle {
            objectName: "emptyStub"
        }
    }
    Component {
        id: shellComponent
        AdaptiveShell {
            listPage: listStub
            chatPage: chatStub
            emptyChatPage: emptyStub
        }
    }

    function makeShell(width) {
        return createTemporaryObject(shellComponent, test, { width: width, height: 800 });
    }

    function test_wide_window_shows_two_panes() {
        const shell = makeShell(1100);
        verify(shell.wide);
        const list = findChild(shell, "listPane");
        const chat = findChild(shell, "chatPane");
        verify(list && list.visible && list.width > 0);
        verify(chat && chat.visible && chat.width > 0);
        verify(list.x + list.width <= chat.x, "list left of the chat");
        compare(findChild(shell, "stack"), null);
        verify(findChild(shell, "emptyStub"), "placeholder until a chat is chosen");
    }

    function test_narrow_window_stacks_pages() {
        const shell = makeShell(390);
        verify(!shell.wide);
        const stack = findChild(shell, "stack");
        verify(stack && stack.visible);
        compare(stack.width, 390);
        compare(stack.depth, 1);
        compare(stack.currentItem.objectName, "listStub");
        compare(findChild(shell, "listPane"), null);
    }

    function test_opening_a_chat_on_a_phone_pushes_it_with_a_back_button() {
        const shell = makeShell(390);
        shell.openChat(42, "Bob");
        const stack = findChild(shell, "stack");
        compare(stack.depth, 2);
        tryCompare(stack, "busy", false);
        compare(stack.currentItem.chatId, 42);
        compare(stack.currentItem.chatTitle, "Bob");
        verify(stack.currentItem.showBack);
        shell.closeChat();
        tryCompare(stack, "depth", 1);
        compare(shell.currentChatId, 0);
    }

    function test_opening_a_chat_wide_fills_the_right_pane() {
        const shell = makeShell(1100);
        shell.openChat(7, "Carol", 99);
        const chat = findChild(shell, "chatPane");
        compare(chat.currentItem.chatId, 7);
        compare(chat.currentItem.jumpToLocalId, 99);
        verify(!chat.currentItem.showBack);
    }

    function test_open_chat_survives_resizing_across_the_breakpoint() {
        const shell = makeShell(1100);
        shell.openChat(5, "Dave");
        shell.width = 390;
        const stack = findChild(shell, "stack");
        verify(stack);
        compare(stack.depth, 2);
        compare(stack.currentItem.chatId, 5);
        shell.width = 1100;
        compare(findChild(shell, "chatPane").currentItem.chatId, 5);
    }
}
