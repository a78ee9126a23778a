import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import Messenger.Messages
import Messenger.Ui.Common

// A voice message, an audio file or a video: a play/pause button, the position and duration,
// and a way to seek (a voice message's waveform fills as it plays and takes a tap or a drag;
// an audio file has a slider; a video plays in place, over its picture, with a slider). The
// file is fetched into the encrypted cache on the first play and read from there decrypted in
// memory (MediaPlayback): nothing plain is written. While it uploads or downloads: progress and
// a cancel button; a failed upload of ours: retry and cancel. A video shows its first frame
// (the inline thumbnail the sender made, blurred) until it plays. The player is made only
// when the user presses play (a Loader): a chat of hundreds of voice messages holds none.
Item {
    id: root

    property string kind: "voice" // "voice", "audio" or "video"
    property var mediaContext: null // Session.context
    property string fileId
    property string fileName
    property real fileSize: 0
    property real durationMs: 0 // from the attachment; the player's once it knows
    property string thumbnail // a video's first frame (image://msgr-thumbnail/...), "" without
    property int videoWidth: 0
    property int videoHeight: 0
    property var waveform: []
    property bool outgoing: false
    property date date
    property int deliveryState: 0
    property string caption
    property string forwardedFrom
    property bool isReply: false
    property string replySenderName
    property string replyExcerpt
    property string transferState
    property real transferProgress: 0
    property bool pending: false
    property bool highlighted: false
    // The message's other attachments (MessageListModel's moreAttachments).
    property var moreAttachments: []

    signal quoteClicked
    signal cancel
    signal retry
    // A picture among the other attachments was tapped: its attachment index (the viewer).
    signal openPicture(int index)

    readonly property bool moving: transferState === "running" || transferState === "queued"
                                   || transferState === "retrying"
    readonly property bool uploadFailed: root.pending && root.transferState === "failed"
    // The player and its reader, once play was pressed (null before; set by the Loader's item).
    property var player: null
    property var playback: null
    readonly property bool playing: root.player !== null
                                    && root.player.playbackState === MediaPlayer.PlayingState
    readonly property real position: root.playback !== null ? root.playback.position : 0
    readonly property real totalMs: root.playback !== null && root.playback.duration > 0
                                    ? root.playback.duration : durationMs
    readonly property real fraction: totalMs > 0 ? Math.min(1, root.position / totalMs) : 0
    readonly property string playbackError: root.playback !== null ? root.playback.error : ""

    function timeText(ms) {
        const seconds = Math.floor(ms / 1000);
        return qsTr("%1:%2").arg(Math.floor(seconds / 60)).arg(String(seconds % 60).padStart(2, "0"));
    }
    function togglePlay() {
        if (root.playing) {
            root.player.pause();
            return;
        }
        playerLoader.active = true; // loads at once (not asynchronous)
        if (root.player.mediaStatus === MediaPlayer.EndOfMedia)
            root.playback.seek(0);
        root.playback.load(root.fileId, root.fileName, root.fileSize, true);
    }
    function seekTo(share) {
        if (root.totalMs > 0 && root.playback !== null)
            root.playback.seek(Math.max(0, Math.min(1, share)) * root.totalMs);
    }

    implicitHeight: bubble.height + 4
    implicitWidth: 200

    Loader {
        id: playerLoader
        objectName: "playerLoader"
        active: false
        sourceComponent: Item {
            Component.onCompleted: {
                root.player = mediaPlayer;
                root.playback = mediaPlayback;
            }
            MediaPlayer {
                id: mediaPlayer
                objectName: "mediaPlayer"
                audioOutput: AudioOutput {}
                videoOutput: root.kind === "video" ? videoLoader.item : null
            }
            MediaPlayback {
                id: mediaPlayback
                context: root.mediaContext
                player: mediaPlayer
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.accent
        opacity: root.highlighted ? 0.25 : 0
    }

    Rectangle {
        id: bubble
        objectName: "mediaBubble"
        x: root.outgoing ? root.width - width - Theme.spacing : Theme.spacing
        y: 2
        width: Math.min(root.width * 0.75, root.kind === "video" ? 360 : 320)
        height: column.implicitHeight + 12
        radius: Theme.radius
        color: root.outgoing ? Theme.outgoingBubble : Theme.incomingBubble

        ColumnLayout {
            id: column
            x: 10
            y: 6
            width: bubble.width - 20
            spacing: 4

            Text {
                visible: root.forwardedFrom.length > 0
                Layout.fillWidth: true
                text: qsTr("Forwarded from %1").arg(root.forwardedFrom)
                color: Theme.accent
                font.pixelSize: Theme.smallFontSize
                font.italic: true
                elide: Text.ElideRight
            }
            Loader {
                Layout.fillWidth: true
                active: root.isReply
                visible: active
                sourceComponent: QuoteBlock {
                    senderName: root.replySenderName
                    excerpt: root.replyExcerpt
                    onClicked: root.quoteClicked()
                }
            }
            // A video's picture, played in place.
            Rectangle {
                visible: root.kind === "video"
                Layout.fillWidth: true
                Layout.preferredHeight: root.videoWidth > 0 && root.videoHeight > 0
                                        ? Math.min(width * root.videoHeight / root.videoWidth, 480)
                                        : width * 9 / 16
                color: "black"
                radius: Theme.radius
                clip: true
                // The first frame, blurred, until the video shows its own.
                Image {
                    objectName: "videoPoster"
                    anchors.fill: parent
                    visible: root.thumbnail.length > 0
                             && (root.player === null || root.player.playbackState === MediaPlayer.StoppedState)
                    source: root.thumbnail.length > 0
                            ? root.thumbnail.replace("image://msgr-thumbnail/", "image://msgr-thumbnail/blur/") : ""
                    fillMode: Image.PreserveAspectCrop
                    smooth: true
                    asynchronous: true
                }
                Loader {
                    id: videoLoader
                    anchors.fill: parent
                    active: playerLoader.active && root.kind === "video"
                    sourceComponent: VideoOutput {
                        objectName: "videoOutput"
                    }
                }
                Text {
                    anchors.centerIn: parent
                    visible: !root.playing
                    text: "\u25B6"
                    color: "white"
                    font.pixelSize: 36
                }
                MouseArea {
                    anchors.fill: parent
                    enabled: !root.pending && root.fileId.length > 0
                    onClicked: root.togglePlay()
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                RoundButton {
                    objectName: "playButton"
                    enabled: !root.pending && root.fileId.length > 0
                    text: root.playing ? "\u23F8" : "\u25B6"
                    Accessible.name: root.playing ? qsTr("Pause") : qsTr("Play")
                    onClicked: root.togglePlay()
                }
                // A voice message's waveform: the part played so far in the accent colour.
                Item {
                    id: wave
                    objectName: "waveform"
                    visible: root.kind === "voice"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 28
                    Row {
                        anchors.fill: parent
                        spacing: 1
                        Repeater {
                            model: root.waveform
                            Rectangle {
                                required property int index
                                required property int modelData
                                width: Math.max(1, (wave.width - (root.waveform.length - 1))
                                                   / Math.max(1, root.waveform.length))
                                height: Math.max(2, wave.height * modelData / 255) // docs/protocol.md §11: 0-255
                                anchors.bottom: parent.bottom
                                radius: 1
                                color: (index + 0.5) / root.waveform.length <= root.fraction
                                       ? Theme.accent : Theme.secondaryText
                            }
                        }
                    }
                    MouseArea {
                        anchors.fill: parent
                        onPressed: mouse => root.seekTo(mouse.x / width)
                        onPositionChanged: mouse => root.seekTo(mouse.x / width)
                    }
                }
                ColumnLayout {
                    visible: root.kind !== "voice"
                    Layout.fillWidth: true
                    spacing: 0
                    Text {
                        visible: root.kind === "audio"
                        Layout.fillWidth: true
                        text: root.fileName
                        color: Theme.text
                        font.pixelSize: Theme.fontSize
                        elide: Text.ElideMiddle
                        textFormat: Text.PlainText
                    }
                    Slider {
                        objectName: "seekSlider"
                        Layout.fillWidth: true
                        from: 0
                        to: 1
                        value: root.fraction
                        enabled: root.playback !== null && root.playback.status === "ready"
                        onMoved: root.seekTo(value)
                    }
                }
                ToolButton {
                    objectName: "mediaRetry"
                    visible: root.uploadFailed
                    text: "\u21BB"
                    Accessible.name: qsTr("Retry upload")
                    onClicked: root.retry()
                }
                ToolButton {
                    objectName: "mediaCancel"
                    visible: root.moving || root.uploadFailed
                    text: "\u2715"
                    Accessible.name: qsTr("Cancel")
                    onClicked: root.cancel()
                }
            }
            ProgressBar {
                Layout.fillWidth: true
                visible: root.moving
                value: root.transferProgress
            }
            Text {
                Layout.fillWidth: true
                visible: root.playbackError.length > 0
                text: root.playbackError
                color: Theme.danger
                font.pixelSize: Theme.smallFontSize
                wrapMode: Text.Wrap
            }
            MoreAttachments {
                Layout.fillWidth: true
                attachments: root.moreAttachments
                outgoing: root.outgoing
                onOpenPicture: index => root.openPicture(index)
            }
            Text {
                Layout.fillWidth: true
                visible: root.caption.length > 0
                text: root.caption
                color: Theme.text
                font.pixelSize: Theme.fontSize
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 4
                Text {
                    objectName: "mediaTime"
                    Layout.fillWidth: true
                    // Position while playing or paused, otherwise the length.
                    text: root.position > 0 ? qsTr("%1 / %2").arg(root.timeText(root.position)).arg(root.timeText(root.totalMs))
                                              : root.timeText(root.totalMs)
                    color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize
                }
                Text {
                    text: root.date.toLocaleTimeString(Qt.locale(), "hh:mm")
                    color: root.outgoing ? Theme.outgoingMeta : Theme.secondaryText
                    font.pixelSize: Theme.smallFontSize - 1
                }
                DeliveryMark {
                    visible: root.outgoing && glyph.length > 0
                    deliveryState: root.deliveryState
                    baseColor: Theme.outgoingMeta
                }
            }
        }
    }
}
