import QtQuick
import QtQuick.Controls
import Messenger.Messages
import Messenger.Account
import Messenger.Ui.Common

// One open chat: header, the messages (newest at the bottom, older pages fetched when the user
// scrolls up) and the composer. Marks the chat read while it is on screen and scrolled down.
Page {
    id: page
    objectName: "chatPage"

    // Ids are 64-bit: a JS number (double) holds them exactly up to 2^53; an int would cut them
    // to 32 bits (docs/client-api.md).
    property double chatId: 0
    property string chatTitle
    property bool showBack: false
    // A message to show when the page opens (from history search); 0: the newest.
    property double jumpToLocalId: 0
    // Names above incoming bubbles: only useful with more than one other person (groups).
    property bool showSenderNames: false

    signal back

    readonly property bool windowActive: Window.active

    function markReadIfSeen() {
        if (page.visible && page.windowActive && view.atYEnd
                && view.count > 0)
            messages.markRead();
    }

    background: Rectangle {
        color: Theme.chatBackground
    }

    header: ChatHeader {
        title: page.chatTitle
        showBack: page.showBack
        onBack: page.back()
    }

    footer: Composer {
        id: composer
        onSend: text => {
            messages.send(text);
            view.positionViewAtEnd();
        }
    }

    MessageListModel {
        id: messages
        context: Session.context
        // A jump target that was not loaded yet arrives later.
        onJumpReady: row => page.showRow(row)
    }

    // A Binding rather than "chatId: page.chatId" (kept from when the property was a qint64,
    // which Qt 6.4 cannot assign from QML; MessageListModel.chatId is a double now).
    Binding {
        target: messages
        property: "chatId"
        value: page.chatId
    }

    ListView {
        id: view
        objectName: "messageList"

        // True while the user is at the newest message: new ones then scroll into view.
        property bool followNewest: true

        anchors.fill: parent
        // Few messages sit at the bottom, next to the composer, like in every messenger.
        topMargin: Math.max(Theme.spacing, height - contentHeight - Theme.spacing)
        // A footer, not bottomMargin: positionViewAtEnd() ignores the margin, which left the
        // view short of atYEnd (no mark read, the scroll-to-newest button shown on opening).
        footer: Item {
            height: Theme.spacing
        }
        clip: true
        reuseItems: true
        model: messages
        ScrollBar.vertical: ScrollBar {}

        delegate: MessageDelegate {
            required property var model

            width: ListView.view.width
            text: model.text
            outgoing: model.outgoing
            deliveryState: model.state
            date: model.date
            dayStart: model.dayStart
            senderName: page.showSenderNames && !model.outgoing ? model.senderName : ""
        }

        onMovementEnded: followNewest = atYEnd
        onCountChanged: {
            if (followNewest)
                positionViewAtEnd();
            page.markReadIfSeen();
        }
        onContentYChanged: {
            // Ask for the next older page before the user reaches the top.
            if (contentY - originY < height && messages.canFetchMore(messages.index(-1, -1)))
                messages.fetchMore(messages.index(-1, -1));
        }
        onAtYEndChanged: page.markReadIfSeen()
    }

    RoundButton {
        objectName: "scrollToNewestButton"
        visible: !view.atYEnd
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 12
        text: "\u2193"
        Accessible.name: qsTr("Scroll to newest")
        onClicked: {
            view.followNewest = true;
            view.positionViewAtEnd();
        }
    }

    onWindowActiveChanged: markReadIfSeen()

    function showRow(row) {
        if (row < 0)
            return;
        view.followNewest = false;
        view.positionViewAtIndex(row, ListView.Center);
    }

    Component.onCompleted: {
        composer.focusInput();
        if (jumpToLocalId > 0) {
            const row = messages.jumpTo(jumpToLocalId);
            if (row >= 0)
                showRow(row);
            else
                view.followNewest = false; // jumpReady will position the view
            return;
        }
        view.positionViewAtEnd();
    }
}
