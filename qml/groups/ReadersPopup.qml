import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Groups
import Messenger.Ui.Common

// "Read by" of one's own message in a group of at most 100 members (docs/protocol.md §21):
// the members who read it (and when), those whose device only received it, and those it has
// not reached yet. Fetched when it opens (MessageReadersModel, off this thread); a spinner
// while it loads, the reason when it cannot.
Popup {
    id: popup
    objectName: "readersPopup"

    property double chatId: 0
    property double messageId: 0
    readonly property alias readers: readersModel
    // The popup covers the window at phone width (AdaptiveShell's breakpoint).
    readonly property bool phone: parent ? parent.width < Theme.twoPaneBreakpoint : false

    parent: Overlay.overlay
    modal: true
    padding: 0
    x: popup.phone ? 0 : Math.round((parent.width - width) / 2)
    y: popup.phone ? 0 : Math.round((parent.height - height) / 2)
    width: popup.phone ? parent.width : Math.min(parent.width - 32, 400)
    height: popup.phone ? parent.height : Math.min(parent.height - 32, 520)

    onOpened: readersModel.load()

    MessageReadersModel {
        id: readersModel
        context: Session.context
        chatId: popup.chatId
        messageId: popup.messageId
    }

    background: Rectangle {
        color: Theme.window
        radius: popup.phone ? 0 : 8
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: 4
            Layout.rightMargin: 12
            IconButton {
                objectName: "readersClose"
                text: popup.phone ? "\u2190" : "\u00d7"
                tip: qsTr("Close")
                onClicked: popup.close()
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Read by")
                font.bold: true
                font.pixelSize: Theme.fontSize + 1
                color: Theme.text
            }
        }
        Label {
            objectName: "readersSummary"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing * 2
            Layout.rightMargin: Theme.spacing * 2
            visible: !readersModel.loading && readersModel.error.length === 0
            text: qsTr("Read by %n", "", readersModel.readCount) + " · "
                  + qsTr("received by %n", "", readersModel.deliveredCount)
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
        BusyIndicator {
            objectName: "readersLoading"
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacing * 2
            visible: readersModel.loading
            running: visible
        }
        Label {
            objectName: "readersError"
            Layout.fillWidth: true
            Layout.margins: Theme.spacing * 2
            visible: text.length > 0
            text: readersModel.error
            wrapMode: Text.Wrap
            color: Theme.danger
        }
        ListView {
            objectName: "readersList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: readersModel
            delegate: ItemDelegate {
                id: readerRow
                required property double userId
                required property string name
                required property string readState
                required property var at
                objectName: "readerRow"
                width: ListView.view.width
                contentItem: RowLayout {
                    spacing: Theme.spacing + 4
                    Avatar {
                        name: readerRow.name
                        size: 32
                    }
                    Label {
                        Layout.fillWidth: true
                        text: readerRow.name.length > 0 ? readerRow.name : "\u2026"
                        elide: Text.ElideRight
                        color: Theme.text
                    }
                    Label {
                        objectName: "readerState"
                        readonly property var when: readerRow.at
                        readonly property string time: when instanceof Date && !isNaN(when)
                                                       ? Qt.formatDateTime(when, Locale.ShortFormat)
                                                       : ""
                        text: {
                            const s = readerRow.readState;
                            const label = s === "read" ? qsTr("read")
                                        : s === "delivered" ? qsTr("received")
                                        : qsTr("not received yet");
                            return time.length > 0 ? qsTr("%1, %2").arg(label).arg(time) : label;
                        }
                        color: readerRow.readState === "read" ? Theme.accent : Theme.secondaryText
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
            ScrollBar.vertical: ScrollBar {}
        }
    }
}
