import QtQuick
import QtQuick.Controls
import Messenger.Search
import Messenger.Account
import Messenger.Ui.Common

// Search users by username and pick several (New group, Add members): the users picked show
// above the field and a tap on one drops it; a tap on a search hit adds it. `excluded` are ids
// not offered (the group's members).
Column {
    id: picker

    // [{ userId, name }] in the order picked; ids are doubles (64-bit, docs/client-api.md).
    property var picked: []
    property var excluded: []
    readonly property var pickedIds: picker.picked.map(u => u.userId)

    function clear() {
        picker.picked = [];
        queryField.clear();
    }
    function isPicked(userId) {
        return picker.picked.some(u => u.userId === userId);
    }
    function toggle(userId, name) {
        if (picker.isPicked(userId))
            picker.picked = picker.picked.filter(u => u.userId !== userId);
        else
            picker.picked = picker.picked.concat([{ userId: userId, name: name }]);
    }
    function focusSearch() {
        queryField.forceActiveFocus();
    }

    spacing: Theme.spacing

    Flow {
        width: parent.width
        spacing: 6
        visible: picker.picked.length > 0
        Repeater {
            model: picker.picked
            delegate: Button {
                required property var modelData
                objectName: "pickedUser"
                text: modelData.name + "  \u00d7"
                flat: true
                onClicked: picker.toggle(modelData.userId, modelData.name)
                Accessible.name: qsTr("Remove %1").arg(modelData.name)
            }
        }
    }

    TextField {
        id: queryField
        objectName: "memberSearchField"
        width: parent.width
        placeholderText: qsTr("Search by username")
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
    }

    ListView {
        id: hits
        objectName: "memberSearchResults"
        width: parent.width
        height: Math.min(contentHeight, 240)
        clip: true
        model: UserSearchModel {
            context: Session.context
            query: queryField.text
        }
        delegate: ItemDelegate {
            id: hit

            required property double userId
            required property string username
            required property string displayName
            readonly property string shownName: displayName.length > 0 ? displayName : username

            width: ListView.view.width
            visible: picker.excluded.indexOf(hit.userId) < 0 && hit.userId !== Session.userId
            height: visible ? implicitHeight : 0
            checkable: true
            checked: picker.isPicked(hit.userId)
            contentItem: Row {
                spacing: Theme.spacing + 4
                Avatar {
                    name: hit.shownName
                    size: 36
                }
                Column {
                    anchors.verticalCenter: parent.verticalCenter
                    Text {
                        text: hit.shownName
                        color: Theme.text
                        font.pixelSize: Theme.fontSize
                    }
                    Text {
                        text: "@" + hit.username
                        color: Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
            indicator: Label {
                anchors.right: parent.right
                anchors.rightMargin: Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                text: hit.checked ? "\u2713" : ""
                color: Theme.accent
                font.pixelSize: Theme.fontSize + 2
            }
            onClicked: picker.toggle(hit.userId, hit.shownName)
        }
    }

    Label {
        visible: queryField.text.length > 0 && hits.count === 0
        text: Session.connection === Session.Online ? qsTr("No users found")
                                                    : qsTr("Search needs a connection")
        color: Theme.secondaryText
    }
}
