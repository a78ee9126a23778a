import QtQuick
import Messenger.Ui.Common

// A quoted message (docs/protocol.md §19): an accent bar, who wrote it and the start of its
// text, one line each. Inside a reply's bubble (a tap jumps to the original) and in the reply
// bar above the composer.
Item {
    id: quote

    property string senderName
    // The quoted text as the server copied it; empty once the original was deleted.
    property string excerpt

    signal clicked

    implicitHeight: lines.implicitHeight + 4
    implicitWidth: Math.max(name.implicitWidth, line.implicitWidth) + 12

    Rectangle {
        width: 3
        height: parent.height
        radius: 1
        color: Theme.accent
    }
    Column {
        id: lines
        x: 9
        y: 2
        width: quote.width - 9
        Text {
            id: name
            objectName: "quoteSender"
            width: parent.width
            text: quote.senderName
            color: Theme.accent
            font.pixelSize: Theme.smallFontSize
            font.bold: true
            elide: Text.ElideRight
        }
        Text {
            id: line
            objectName: "quoteExcerpt"
            width: parent.width
            // The first line only; a deleted original leaves its place said, not blank.
            text: quote.excerpt.length > 0 ? quote.excerpt.split("\n")[0]
                                           : qsTr("Deleted message")
            color: Theme.secondaryText
            font.pixelSize: Theme.smallFontSize
            font.italic: quote.excerpt.length === 0
            elide: Text.ElideRight
            textFormat: Text.PlainText
        }
    }
    TapHandler {
        onTapped: quote.clicked()
    }
}
