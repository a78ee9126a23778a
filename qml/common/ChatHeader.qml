import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The bar above a chat: back button (phone layout only), avatar, title and, under it, the
// status line (who is typing, presence), in the accent colour while someone types.
Rectangle {
    id: header

    property string title
    property bool showBack: false
    // Under the title; "" shows the title alone.
    property string subtitle

    signal back

    implicitHeight: Theme.headerHeight
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: header.showBack ? 4 : 12
        anchors.rightMargin: 12
        spacing: Theme.spacing

        IconButton {
            objectName: "backButton"
            visible: header.showBack
            text: "\u2190"
            tip: qsTr("Back")
            onClicked: header.back()
        }
        Avatar {
            name: header.title
            size: 38
        }
        Column {
            Layout.fillWidth: true
            Label {
                width: parent.width
                text: header.title
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.fontSize + 1
                font.bold: true
            }
            Label {
                objectName: "headerSubtitle"
                width: parent.width
                visible: text.length > 0
                text: header.subtitle
                elide: Text.ElideRight
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
            }
        }
    }

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.divider
    }
}
