import QtQuick
import QtQuick.Controls
import Messenger.Ui.Common

// Chat list and chat side by side on a wide window; one stack of pages (list, then chat) at
// phone width. Which chat is open lives here, so switching layouts keeps it open.
Item {
    id: shell

    // The chat list page, created once per layout.
    property Component listPage
    // The chat page; created with the properties chatId, chatTitle, showBack and jumpToLocalId.
    property Component chatPage
    // Shown in the right pane of the wide layout while no chat is open.
    property Component emptyChatPage

    readonly property bool wide: width >= Theme.twoPaneBreakpoint
    // Ids are 64-bit: a JS number (double) holds them exactly up to 2^53; an int would cut them
    // to 32 bits (docs/client-api.md).
    property double currentChatId: 0
    property string currentTitle

    // Tell the current layout; each layout also opens currentChatId itself when it is created.
    signal chatShown(double localId)
    signal chatHidden

    function openChat(chatId, title, localId) {
        currentChatId = chatId;
        currentTitle = title;
        chatShown(localId === undefined ? 0 : localId);
    }

    function closeChat() {
        currentChatId = 0;
        currentTitle = "";
        chatHidden();
    }

    function chatProperties(localId) {
        return { chatId: currentChatId, chatTitle: currentTitle, showBack: !wide, jumpToLocalId: localId };
    }

    Loader {
        id: layoutLoader
        anchors.fill: parent
        sourceComponent: shell.wide ? twoPanes : stacked
    }

    Component {
        id: twoPanes

        Item {
            objectName: "twoPanes"

            Connections {
                target: shell
                function onChatShown(localId) {
                    chatStack.replace(null, shell.chatPage, shell.chatProperties(localId), StackView.Immediate);
                }
                function onChatHidden() {
                    chatStack.replace(null, shell.emptyChatPage, {}, StackView.Immediate);
                }
            }

            Loader {
                id: listPane
                objectName: "listPane"
                width: Theme.chatListPaneWidth
                height: parent.height
                sourceComponent: shell.listPage
            }
            Rectangle {
                id: divider
                anchors.left: listPane.right
                width: 1
                height: parent.height
                color: Theme.divider
            }
            StackView {
                id: chatStack
                objectName: "chatPane"
                anchors.left: divider.right
                anchors.right: parent.right
                height: parent.height
                initialItem: shell.emptyChatPage
                Component.onCompleted: {
                    if (shell.currentChatId > 0)
                        replace(null, shell.chatPage, shell.chatProperties(0), StackView.Immediate);
                }
            }
        }
    }

    Component {
        id: stacked

        StackView {
            id: stack
            objectName: "stack"

            initialItem: shell.listPage
            Component.onCompleted: {
                if (shell.currentChatId > 0)
                    push(shell.chatPage, shell.chatProperties(0), StackView.Immediate);
            }

            Connections {
                target: shell
                function onChatShown(localId) {
                    stack.pop(null, StackView.Immediate);
                    stack.push(shell.chatPage, shell.chatProperties(localId));
                }
                function onChatHidden() {
                    stack.pop(null);
                }
            }
        }
    }
}
