import QtQuick
import QtTest
import Messenger.Account
import Messenger.Ui.Chats

// The banner says why messages may not arrive, and takes no room while online.
TestCase {
    id: test
    name: "ConnectionBanner"
    width: 400
    height: 100
    visible: true
    when: windowShown

    Component {
        id: bannerComponent
        ConnectionBanner {
            width: 400
        }
    }

    function test_text_per_state_data() {
        return [
            { tag: "offline", connection: Session.Offline, text: "Waiting for network\u2026" },
            { tag: "connecting", connection: Session.Connecting, text: "Connecting\u2026" },
            { tag: "updating", connection: Session.Updating, text: "Updating\u2026" }
        ];
    }

    function test_text_per_state(data) {
        const banner = createTemporaryObject(bannerComponent, test, { connection: data.connection });
        verify(banner.visible);
        verify(banner.height > 0);
        compare(findChild(banner, "connectionBannerText").text, data.text);
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
