import QtQuick

// One row of the message list: a day separator when the message opens a new day, then the
// message itself. Text is the only message kind so far; a new kind gets its own component and
// its own Loader here instead of hidden items.
Column {
    id: row

    property string text
    property bool outgoing: false
    property int deliveryState: 0
    property date date
    property bool dayStart: false
    property string senderName
    // Shown for a moment after a jump to this message (from history search).
    property bool highlighted: false

    Loader {
        width: row.width
        active: row.dayStart
        visible: active
        sourceComponent: DaySeparator {
            day: row.date
        }
    }

    MessageBubble {
        width: row.width
        text: row.text
        outgoing: row.outgoing
        deliveryState: row.deliveryState
        date: row.date
        senderName: row.senderName
        highlighted: row.highlighted
    }
}
