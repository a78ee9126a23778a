import QtQuick
import Messenger.Ui.Common

// One history search result: the chat, the date and the matching snippet.
Column {
    id: hit

    property string chatTitle
    property string snippet
    property date date

    spacing: 2

    Item {
        width: parent.width
        height: hitTitle.implicitHeight
        Text {
            id: hitTitle
            anchors.left: parent.left
            anchors.right: hitDate.left
            anchors.rightMargin: Theme.spacing
            text: hit.chatTitle
            elide: Text.ElideRight
            color: Theme.text
            font.bold: true
            font.pixelSize: Theme.fontSize
        }
        Text {
            id: hitDate
            anchors.right: parent.right
            text: hit.date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
        }
    }
    Text {
        width: parent.width
        text: hit.snippet
        textFormat: Text.PlainText
        maximumLineCount: 2
        wrapMode: Text.Wrap
        elide: Text.ElideRight
        color: Theme.secondaryText
        font.pixelSize: Theme.fontSize - 1
    }
}
