import QtQuick
import QtQuick.Controls

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
    property int currentChatId: 0
    property string currentTitle
    readonly property Item layoutItem: layoutLoader.item

    function openChat(chatId, title, localId) {
        currentChatId = chatId;
        currentTitle = title;
        if (layoutLoader.item)
            layoutLoader.item.showChat(localId === undefined ? 0 : localId);
    }

    function closeChat() {
        currentChatId = 0;
        currentTitle = "";
        if (layoutLoader.item)
            layoutLoader.item.hideChat();
    }

    function chatProperties(localId) {
        return { chatId: currentChatId, chatTitle: currentTitle, showBack: !wide, jumpToLocalId: localId };
    }

    Loader {
        id: layoutLoader
        anchors.fill: parent
        sourceComponent: shell.wide ? twoPanes : stacked
        onLoaded: if (shell.currentChatId > 0) item.showChat(0)
    }

    Component {
        id: twoPanes

        Item {
            objectName: "twoPanes"

            function showChat(localId) {
                chatStack.replace(null, shell.chatPage, shell.chatProperties(localId), StackView.Immediate);
            }
            function hideChat() {
                chatStack.replace(null, shell.emptyChatPage, {}, StackView.Immediate);
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
            }
        }
    }

    Component {
        id: stacked

        StackView {
            id: stack
            objectName: "stack"

            function showChat(localId) {
                pop(null, StackView.Immediate);
                push(shell.chatPage, shell.chatProperties(localId));
            }
            function hideChat() {
                pop(null);
            }

            initialItem: shell.listPage
        }
    }
}
