import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// Settings > Storage: how much this profile takes on disk by part, measured off the GUI thread
// each time the page opens, and "Clear cache", asked first, which deletes the downloaded files
// that can be downloaded again (the messages, uploads and secret chats' files stay).
ColumnLayout {
    id: view

    readonly property var usage: Session.context ? Session.context.storage : null

    spacing: 0

    component UsageRow: RowLayout {
        id: row

        property string label
        property double bytes
        readonly property alias valueText: value.text

        Layout.fillWidth: true
        Layout.margins: Theme.spacing / 2
        Label {
            Layout.fillWidth: true
            text: row.label
            color: Theme.text
        }
        Label {
            id: value
            text: view.usage && view.usage.measured ? view.usage.formatBytes(row.bytes) : "…"
            color: Theme.secondaryText
        }
    }

    UsageRow {
        objectName: "storageTotal"
        label: qsTr("Total")
        bytes: view.usage ? view.usage.totalBytes : 0
    }
    UsageRow {
        label: qsTr("Messages and settings (database)")
        bytes: view.usage ? view.usage.databaseBytes : 0
    }
    UsageRow {
        objectName: "storagePhotos"
        label: qsTr("Photos")
        bytes: view.usage ? view.usage.photoBytes : 0
    }
    UsageRow {
        label: qsTr("Files")
        bytes: view.usage ? view.usage.fileBytes : 0
    }
    UsageRow {
        label: qsTr("Other (downloads in progress, secret chats)")
        bytes: view.usage ? view.usage.otherBytes : 0
    }
    UsageRow {
        label: qsTr("Files waiting to be sent")
        bytes: view.usage ? view.usage.uploadBytes : 0
    }

    Button {
        objectName: "clearCacheButton"
        Layout.margins: Theme.spacing / 2
        text: qsTr("Clear cache")
        enabled: view.usage !== null && view.usage.measured && !view.usage.busy
                 && view.usage.clearableBytes > 0
        onClicked: clearConfirm.open()
    }
    Label {
        id: clearedNote
        objectName: "cacheClearedNote"
        Layout.fillWidth: true
        Layout.margins: Theme.spacing / 2
        visible: text.length > 0
        wrapMode: Text.Wrap
        color: Theme.secondaryText
    }

    ConfirmDialog {
        id: clearConfirm
        objectName: "clearCacheConfirm"
        text: view.usage
              ? qsTr("Delete %1 of downloaded photos and files from this device? They stay in your chats and are downloaded again when you open them.").arg(view.usage.formatBytes(view.usage.clearableBytes))
              : ""
        actionText: qsTr("Clear")
        onAccepted: view.usage.clearCache()
    }

    Connections {
        target: view.usage
        function onCleared(files, bytes) {
            clearedNote.text = qsTr("%n file(s) deleted, %1 freed.", "", files).arg(view.usage.formatBytes(bytes))
        }
    }

    Component.onCompleted: if (view.usage) view.usage.refresh()
}
