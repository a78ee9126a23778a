import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// Who sees the user's last seen and online status (docs/protocol.md §17.3; Telegram's
// "Last seen & online"). The setting is the server's: read when the page opens, changed at
// once; those excluded see "last seen recently", and the user then sees only such
// approximations of others too.
ColumnLayout {
    id: choice

    readonly property var presence: Session.context ? Session.context.presence : null

    function isCurrent(value: string): bool {
        return choice.presence !== null && choice.presence.lastSeenPrivacy === value;
    }

    spacing: 0

    Component.onCompleted: {
        if (choice.presence)
            choice.presence.loadPrivacy();
    }

    Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing
        Layout.rightMargin: Theme.spacing
        text: qsTr("Who can see my last seen time")
        color: Theme.secondaryText
        wrapMode: Text.Wrap
    }
    Repeater {
        model: [
            { value: "everybody", label: qsTr("Everybody") },
            { value: "contacts", label: qsTr("My contacts") },
            { value: "nobody", label: qsTr("Nobody") }
        ]
        delegate: RadioButton {
            required property var modelData
            objectName: "lastSeen_" + modelData.value
            Layout.fillWidth: true
            enabled: choice.presence !== null && choice.presence.lastSeenPrivacy.length > 0
            text: modelData.label
            checked: choice.isCurrent(modelData.value)
            // The server's answer moves the mark (a refusal puts it back): keep the binding.
            onClicked: {
                choice.presence.setLastSeenPrivacy(modelData.value);
                checked = Qt.binding(() => choice.isCurrent(modelData.value));
            }
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing
        Layout.rightMargin: Theme.spacing
        text: qsTr("If you do not share your last seen time, you will not see other people's either.")
        color: Theme.secondaryText
        font.pixelSize: Theme.smallFontSize
        wrapMode: Text.Wrap
    }
}
