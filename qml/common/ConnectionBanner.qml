import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Messenger.Account
import Messenger.Ui.Common

// A strip telling the user why messages may not arrive: no network at all, a proxy that cannot
// be reached or refuses the credentials, a server that does not answer (with the countdown to the next attempt and "Retry now"), connecting, catching up,
// or refused (an unencrypted address; TransportNotice explains and offers the opt-in). Hidden
// (zero height) while online.
Rectangle {
    id: banner

    property int connection: Session.Online
    // False only when the system says no network is up (Session.networkReachable).
    property bool networkReachable: true
    // When the next attempt is due, ms since the epoch; 0: none scheduled (Session.retryAt).
    property double retryAt: 0
    // Why the last attempt failed at the proxy (Session.proxyProblem); empty: not the proxy.
    property string proxyProblem: ""

    signal retryRequested

    readonly property bool serverUnreachable: connection === Session.Offline && networkReachable
    // Refreshed every second while a countdown shows.
    property double now: Date.now()
    readonly property int secondsToRetry: Math.max(0, Math.ceil((retryAt - now) / 1000))

    readonly property string message: {
        switch (connection) {
        case Session.Offline:
            if (!networkReachable)
                return qsTr("Waiting for network\u2026");
            if (proxyProblem.length > 0)
                return secondsToRetry > 0
                        ? qsTr("%1. Retrying in %n s", "", secondsToRetry).arg(proxyProblem)
                        : proxyProblem;
            return secondsToRetry > 0
                    ? qsTr("Cannot reach the server. Retrying in %n s", "", secondsToRetry)
                    : qsTr("Cannot reach the server");
        case Session.Connecting: return qsTr("Connecting\u2026");
        case Session.Updating: return qsTr("Updating\u2026");
        case Session.Refused: return qsTr("Not connecting: the server address is not encrypted");
        default: return "";
        }
    }

    visible: message.length > 0
    implicitHeight: visible ? row.implicitHeight + Theme.spacing * 2 : 0
    color: Theme.warning

    Timer {
        interval: 1000
        repeat: true
        running: banner.visible && banner.serverUnreachable && banner.retryAt > 0
        triggeredOnStart: true
        onTriggered: banner.now = Date.now()
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing * 2
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        Text {
            id: label
            objectName: "connectionBannerText"
            Layout.fillWidth: true
            text: banner.message
            wrapMode: Text.Wrap
            horizontalAlignment: retryButton.visible ? Text.AlignLeft : Text.AlignHCenter
            color: Theme.warningText
            font.pixelSize: Theme.smallFontSize + 1
        }
        ToolButton {
            id: retryButton
            objectName: "retryNowButton"
            visible: banner.serverUnreachable
            text: qsTr("Retry now")
            palette.buttonText: Theme.warningText
            font.bold: true
            onClicked: banner.retryRequested()
        }
    }
}
