import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Contacts
import Messenger.Ui.Common

// Contacts (Telegram's / Signal's): invite by username, then four sections — invitations to
// the user (Accept / Deny), the user's own (Cancel), contacts (open the chat, Remove, Block)
// and blocked users (Unblock). Read from the encrypted store, so it opens offline; the acts
// need the server and say so at once when offline.
Page {
    id: page

    signal closeRequested
    signal chatRequested(double userId, string title)
    signal profileRequested(double userId)

    background: Rectangle {
        color: Theme.window
    }

    header: ChatHeader {
        title: qsTr("Contacts")
        showBack: true
        onBack: page.closeRequested()
    }

    ContactsModel {
        id: contacts
        objectName: "contactsModel"
        context: Session.context
        onActDone: what => {
            if (what === "invite")
                inviteField.clear();
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        InviteField {
            id: inviteField
            Layout.fillWidth: true
            onInviteRequested: username => contacts.invite(username)
        }
        Label {
            objectName: "contactsError"
            Layout.fillWidth: true
            visible: text.length > 0
            text: contacts.errorText
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "contactsEmpty"
            Layout.fillWidth: true
            visible: contacts.loaded && list.count === 0
            text: qsTr("No contacts yet. Invite someone by their username.")
            color: Theme.secondaryText
            wrapMode: Text.Wrap
        }
        ListView {
            id: list
            objectName: "contactList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: contacts
            section.property: "section"
            section.delegate: Label {
                required property string section
                width: ListView.view.width
                topPadding: Theme.spacing
                bottomPadding: Theme.spacing / 2
                text: section === "incoming" ? qsTr("Invitations to you")
                    : section === "outgoing" ? qsTr("Your invitations")
                    : section === "contacts" ? qsTr("Contacts")
                    : qsTr("Blocked users")
                color: Theme.accent
                font.bold: true
            }
            ScrollBar.vertical: ScrollBar {}
            delegate: ContactRow {
                onClicked: section === "contacts" ? page.chatRequested(userId, displayName)
                                                  : page.profileRequested(userId)
                onAcceptRequested: contacts.accept(userId)
                onDenyRequested: contacts.deny(userId)
                onCancelRequested: contacts.cancel(userId)
                onRemoveRequested: contacts.remove(userId)
                onBlockRequested: contacts.block(userId)
                onUnblockRequested: contacts.unblock(userId)
            }
        }
    }
}
