import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Groups
import Messenger.Ui.Common

// The group info page's "Invite link" section (docs/protocol.md §20), shown to the owner and
// admins: create the link, see it as text to copy, Copy, and Revoke (the page's confirmation
// dialog asks first: whoever holds the link can no longer join). The server keeps no readable
// copy, so a link shows only after it was created here; "New link" replaces it (the old one
// stops working).
ColumnLayout {
    id: section
    objectName: "inviteLinkSection"

    property double chatId: 0
    readonly property alias invite: invite

    // Revoke was pressed: the page asks first (its confirmation dialog), then calls
    // invite.revoke().
    signal revokeRequested

    spacing: Theme.spacing

    GroupInviteLink {
        id: invite
        context: Session.context
        chatId: section.chatId
    }

    Label {
        text: qsTr("Invite link")
        font.bold: true
        color: Theme.text
    }
    Label {
        Layout.fillWidth: true
        text: invite.link.length > 0
              ? qsTr("Anyone with this link can join the group.")
              : qsTr("Create a link anyone can use to join the group. Creating a new link "
                     + "disables the previous one.")
        wrapMode: Text.Wrap
        color: Theme.secondaryText
        font.pixelSize: Theme.smallFontSize
    }
    TextField {
        id: linkField
        objectName: "inviteLinkField"
        Layout.fillWidth: true
        visible: invite.link.length > 0
        text: invite.link
        readOnly: true
        selectByMouse: true
        font.family: "monospace"
        onActiveFocusChanged: if (activeFocus) selectAll()
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacing
        Button {
            objectName: "inviteLinkCreate"
            text: invite.link.length > 0 ? qsTr("New link") : qsTr("Create link")
            enabled: !invite.busy
            onClicked: invite.create()
        }
        Button {
            objectName: "inviteLinkCopy"
            visible: invite.link.length > 0
            text: qsTr("Copy")
            onClicked: {
                invite.copy();
                copiedNote.visible = true;
            }
        }
        Button {
            objectName: "inviteLinkRevoke"
            text: qsTr("Revoke")
            enabled: !invite.busy
            palette.buttonText: Theme.danger
            onClicked: section.revokeRequested()
        }
    }
    Label {
        id: copiedNote
        objectName: "inviteLinkCopied"
        visible: false
        text: qsTr("Link copied.")
        color: Theme.secondaryText
        font.pixelSize: Theme.smallFontSize
        Connections {
            target: invite
            function onLinkChanged() { copiedNote.visible = false; }
        }
    }
    Label {
        objectName: "inviteLinkError"
        Layout.fillWidth: true
        visible: text.length > 0
        text: invite.error
        wrapMode: Text.Wrap
        color: Theme.danger
    }
}
