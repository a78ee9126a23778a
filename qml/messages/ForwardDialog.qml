import QtQuick
import QtQuick.Controls
import Messenger.Account
import Messenger.Ui.Common

// Where to forward a message (docs/protocol.md §19): the account's chats from the chat list,
// private chats, groups and supergroups (a broadcast channel takes posts from its staff only,
// secret chats never reach the server). A tap on one chooses it.
Dialog {
    id: dialog
    objectName: "forwardDialog"

    // Ids are 64-bit: doubles, exact up to 2^53.
    signal chatChosen(double chatId)

    title: qsTr("Forward to…")
    modal: true
    standardButtons: Dialog.Cancel
    padding: Theme.spacing

    ListView {
        id: chats
        objectName: "forwardChatList"
        implicitHeight: Math.min(contentHeight, 360)
        width: parent.width
        clip: true
        model: Session.chats
        delegate: ItemDelegate {
            id: chat

            required property double chatId
            required property string title
            required property string kind
            required property bool isSecret
            required property bool isSupergroup
            readonly property bool allowed: !chat.isSecret
                                            && (chat.kind === "private" || chat.kind === "group"
                                                || (chat.kind === "channel" && chat.isSupergroup))

            objectName: "forwardTarget"
            width: ListView.view.width
            visible: chat.allowed
            height: chat.allowed ? implicitHeight : 0
            text: chat.title
            contentItem: Row {
                spacing: Theme.spacing
                Avatar {
                    size: 28
                    name: chat.title
                }
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    text: chat.title
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    elide: Text.ElideRight
                }
            }
            onClicked: {
                dialog.close();
                dialog.chatChosen(chat.chatId);
            }
        }
    }
}
