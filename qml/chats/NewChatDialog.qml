import QtQuick
import QtQuick.Controls
import Messenger.Search
import Messenger.Account
import Messenger.Ui.Common

// Find a user by username and open a private chat with them. Emits chatReady once the core has
// the chat locally (Session.chatOpened).
Dialog {
    id: dialog

    // Ids are 64-bit: doubles, exact up to 2^53 (an int would cut them to 32 bits).
    signal chatReady(double chatId, string title)

    property string pendingTitle
    property double pendingUserId: 0

    title: qsTr("New chat")
    modal: true
    standardButtons: Dialog.Cancel
    padding: Theme.spacing * 2

    function choose(userId, username, displayName) {
        dialog.pendingTitle = displayName.length > 0 ? displayName : username;
        dialog.pendingUserId = userId;
        Session.openPrivateChat(userId);
    }

    onOpened: {
        pendingUserId = 0;
        queryField.clear();
        queryField.forceActiveFocus();
    }

    Connections {
        target: Session
        enabled: dialog.pendingUserId !== 0
        function onChatOpened(chatId) {
            dialog.chatReady(chatId, dialog.pendingTitle);
            dialog.pendingUserId = 0;
            dialog.close();
        }
    }

    Column {
        width: parent.width
        spacing: Theme.spacing

        TextField {
            id: queryField
            objectName: "userSearchField"
            width: parent.width
            placeholderText: qsTr("Username")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            // Enter opens the chat when the search found exactly one user.
            onAccepted: {
                if (users.count !== 1 || dialog.pendingUserId !== 0)
                    return;
                const only = users.itemAtIndex(0);
                if (only === null)
                    return;
                dialog.choose(only.userId, only.username, only.displayName);
            }
        }

        ListView {
            id: users
            objectName: "userSearchResults"
            width: parent.width
            height: Math.min(contentHeight, 320)
            clip: true
            reuseItems: true
            model: UserSearchModel {
                context: Session.context
                query: queryField.text
            }
            delegate: ItemDelegate {
                id: user

                required property double userId
                required property string username
                required property string displayName

                width: ListView.view.width
                enabled: dialog.pendingUserId === 0
                contentItem: Row {
                    spacing: Theme.spacing + 4
                    Avatar {
                        name: user.displayName.length > 0 ? user.displayName : user.username
                        size: 40
                    }
                    Column {
                        anchors.verticalCenter: parent.verticalCenter
                        Text {
                            text: user.displayName
                            color: Theme.text
                            font.pixelSize: Theme.fontSize
                        }
                        Text {
                            text: "@" + user.username
                            color: Theme.secondaryText
                            font.pixelSize: Theme.smallFontSize
                        }
                    }
                }
                onClicked: dialog.choose(userId, username, displayName)
            }
        }

        Label {
            visible: queryField.text.length > 0 && users.count === 0
            text: Session.connection === Session.Online ? qsTr("No users found")
                                                        : qsTr("Search needs a connection")
            color: Theme.secondaryText
        }
    }
}
