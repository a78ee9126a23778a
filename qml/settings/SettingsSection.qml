import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Ui.Common

// A titled group of settings; its children are laid out one under the other.
ColumnLayout {
    id: section

    property string title
    default property alias content: rows.data

    spacing: Theme.spacing / 2

    Label {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing * 2
        Layout.topMargin: Theme.spacing * 2
        text: section.title
        color: Theme.accent
        font.pixelSize: Theme.smallFontSize + 1
        font.bold: true
    }
    ColumnLayout {
        id: rows
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacing
        Layout.rightMargin: Theme.spacing
        spacing: 0
    }
}
