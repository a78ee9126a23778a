import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// One member on the group info page: avatar, name ("You" for oneself) and a role badge (owner,
// admin); a tap or right-click opens the actions the user's role allows on them, if any.
ItemDelegate {
    id: row

    required property double userId
    required property string name
    required property string role
    required property bool isSelf
    required property bool canRemove
    required property bool canSetRole

    readonly property bool hasActions: row.canRemove || row.canSetRole

    signal actionsRequested(real x, real y)

    objectName: "memberRow"
    enabled: true
    onClicked: if (row.hasActions) row.actionsRequested(width / 2, height / 2)

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: eventPoint => {
            if (row.hasActions)
                row.actionsRequested(eventPoint.position.x, eventPoint.position.y);
        }
    }

    contentItem: RowLayout {
        spacing: Theme.spacing + 4
        Avatar {
            name: row.name
            size: 36
        }
        Label {
            Layout.fillWidth: true
            text: row.isSelf ? qsTr("You") : (row.name.length > 0 ? row.name : "\u2026")
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }
        Label {
            objectName: "roleBadge"
            text: row.role === "owner" ? qsTr("owner") : row.role === "admin" ? qsTr("admin") : ""
            color: Theme.accent
            font.pixelSize: Theme.smallFontSize
        }
    }
}
