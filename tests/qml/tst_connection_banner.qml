import QtQuick
import QtTest
import Messenger.Account
import Messenger.Ui.Common

// The banner says why messages may not arrive, and takes no room while online.
TestCase {
    id: test
    name: "ConnectionBanner"
    width: 400
    height: 100
    visible: true
    when: windowShown

    Component {
        id: spyComponent
        SignalSpy {}
    }

    Component {
        id: bannerComponent
        ConnectionBanner {
            width: 400
        }
    }

    function test_text_per_state_data() {
        return [
            { tag: "no network", connection: Session.Offline, reachable: false,
              text: "Waiting for network\u2026" },
            { tag: "server down", connection: Session.Offline, reachable: true,
              text: "Cannot reach the server" },
            { tag: "connecting", connection: Session.Connecting, reachable: true,
              text: "Connecting\u2026" },
            { tag: "updating", connection: Session.Updating, reachable: true,
              text: "Updating\u2026" },
            { tag: "proxy down", connection: Session.Offline, reachable: true,
              proxyProblem: "Cannot reach the proxy", text: "Cannot reach the proxy" }
        ];
    }

    function test_text_per_state(data) {
        const banner = createTemporaryObject(bannerComponent, test, {
            connection: data.connection, networkReachable: data.reachable,
            proxyProblem: data.proxyProblem ?? "" });
        verify(banner.visible);
        verify(banner.height > 0);
        compare(findChild(banner, "connectionBannerText").text, data.text);
    }

    // Only a server that does not answer offers "Retry now"; without a network it cannot help.
    function test_retry_only_when_the_server_is_unreachable() {
        const banner = createTemporaryObject(bannerComponent, test, {
            connection: Session.Offline, networkReachable: true });
        const retry = findChild(banner, "retryNowButton");
        verify(retry.visible);
        const spy = createTemporaryObject(spyComponent, test, {
            target: banner, signalName: "retryRequested" });
        mouseClick(retry);
        compare(spy.count, 1);
        banner.networkReachable = false;
        verify(!retry.visible);
        banner.networkReachable = true;
        banner.connection = Session.Connecting;
        verify(!retry.visible);
    }

    // The wait before the next attempt counts down to it, then the plain message stays.
    function test_countdown_to_the_next_attempt() {
        const banner = createTemporaryObject(bannerComponent, test, {
            connection: Session.Offline, networkReachable: true, retryAt: Date.now() + 2500 });
        const text = findChild(banner, "connectionBannerText");
        verify(/^Cannot reach the server\. Retrying in [23] s$/.test(text.text), text.text);
        tryCompare(text, "text", "Cannot reach the server. Retrying in 1 s", 4000);
        tryCompare(text, "text", "Cannot reach the server", 4000);
    }

    function test_hidden_when_online() {
        const banner = createTemporaryObject(bannerComponent, test, { connection: Session.Online });
        verify(!banner.visible);
        compare(banner.height, 0);
    }

    function test_disappears_when_connection_returns() {
        const banner = createTemporaryObject(bannerComponent, test, { connection: Session.Connecting });
        verify(banner.visible);
        banner.connection = Session.Online;
        verify(!banner.visible);
        compare(banner.height, 0);
    }
}
