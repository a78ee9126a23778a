import QtQuick
import Messenger.Ui.Common

// The date pill shown above the first message of each day.
Item {
    id: separator

    property date day

    implicitHeight: pill.height + 2 * Theme.spacing
    implicitWidth: pill.width

    Rectangle {
        id: pill
        anchors.centerIn: parent
        width: label.implicitWidth + 20
        height: label.implicitHeight + 8
        radius: height / 2
        color: Theme.dark ? "#1e2c3a" : "#80000000"
        Text {
            id: label
            anchors.centerIn: parent
            text: separator.day.toLocaleDateString(Qt.locale(), Locale.LongFormat)
            color: "#ffffff"
            font.pixelSize: Theme.smallFontSize
        }
    }
}
