import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Search
import Messenger.Ui.Common

// "Invite by username": a field that finds users as NewChatDialog does (users.search, by
// prefix) and sends the invitation to the one chosen, or to the exact username typed.
ColumnLayout {
    id: invite

    signal inviteRequested(string username)

    function clear() {
        field.clear();
    }

    spacing: Theme.spacing / 2

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing

        TextField {
            id: field
            objectName: "inviteField"
            Layout.fillWidth: true
            placeholderText: qsTr("Invite by username")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            onAccepted: inviteButton.clicked()
        }
        Button {
            id: inviteButton
            objectName: "inviteButton"
            text: qsTr("Invite")
            enabled: field.text.trim().length > 0
            onClicked: invite.inviteRequested(field.text.trim())
        }
    }
    ListView {
        id: found
        objectName: "inviteSearchResults"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, 180)
        visible: field.activeFocus && count > 0
        clip: true
        model: UserSearchModel {
            context: Session.context
            query: field.text.startsWith("@") ? field.text.substring(1) : field.text
        }
        delegate: ItemDelegate {
            id: user

            required property string username
            required property string displayName

            width: ListView.view.width
            text: user.displayName + "  @" + user.username
            onClicked: {
                field.text = user.username;
                invite.inviteRequested(user.username);
            }
        }
    }
}
