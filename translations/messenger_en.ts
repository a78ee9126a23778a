<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountSwitcher</name>
    <message numerus="yes">
        <source>This app keeps up to %n accounts.</source>
        <translation>
            <numerusform>This app keeps up to %n account.</numerusform>
            <numerusform>This app keeps up to %n accounts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChannelInfoPage</name>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n subscriber</numerusform>
            <numerusform>%n subscribers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatListPage</name>
    <message numerus="yes">
        <source>Accounts (%n unread)</source>
        <translation>
            <numerusform>Accounts (%n unread)</numerusform>
            <numerusform>Accounts (%n unread)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n online</source>
        <translation>
            <numerusform>%n online</numerusform>
            <numerusform>%n online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n subscriber</numerusform>
            <numerusform>%n subscribers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommentsPage</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message numerus="yes">
        <source>%1 · sent as %n messages</source>
        <translation>
            <numerusform>%1 · sent as %n message</numerusform>
            <numerusform>%1 · sent as %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComposerFilesBar</name>
    <message numerus="yes">
        <source>%n file(s) · the text below is the caption</source>
        <translation>
            <numerusform>%n file · the text below is the caption</numerusform>
            <numerusform>%n files · the text below is the caption</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message numerus="yes">
        <source>Cannot reach the server. Retrying in %n s</source>
        <translation>
            <numerusform>Cannot reach the server. Retrying in %n s</numerusform>
            <numerusform>Cannot reach the server. Retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1. Retrying in %n s</source>
        <translation>
            <numerusform>%1. Retrying in %n s</numerusform>
            <numerusform>%1. Retrying in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindChannelsDialog</name>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n subscriber</numerusform>
            <numerusform>%n subscribers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupAnswerText</name>
    <message numerus="yes">
        <source>Too many attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many attempts. Try again in %n minute.</numerusform>
            <numerusform>Too many attempts. Try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupInfoPage</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JoinByLinkDialog</name>
    <message numerus="yes">
        <source>%n member(s), you are one of them</source>
        <translation>
            <numerusform>%n member, you are one of them</numerusform>
            <numerusform>%n members, you are one of them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message numerus="yes">
        <source>%n member(s) picked</source>
        <translation>
            <numerusform>%n member picked</numerusform>
            <numerusform>%n members picked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReadersPopup</name>
    <message numerus="yes">
        <source>Read by %n</source>
        <translation>
            <numerusform>Read by %n</numerusform>
            <numerusform>Read by %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>received by %n</source>
        <translation>
            <numerusform>received by %n</numerusform>
            <numerusform>received by %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelectionBar</name>
    <message numerus="yes">
        <source>%n message(s) selected</source>
        <translation>
            <numerusform>%n message selected</numerusform>
            <numerusform>%n messages selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StorageUsageView</name>
    <message numerus="yes">
        <source>%n file(s) deleted, %1 freed.</source>
        <translation>
            <numerusform>%n file deleted, %1 freed.</numerusform>
            <numerusform>%n files deleted, %1 freed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::CommentsThread</name>
    <message numerus="yes">
        <source>Too many comments at once: try again in %n second(s).</source>
        <translation>
            <numerusform>Too many comments at once: try again in %n second.</numerusform>
            <numerusform>Too many comments at once: try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::ComposerFiles</name>
    <message numerus="yes">
        <source>At most %n files in one message: %1 was not added.</source>
        <translation>
            <numerusform>At most %n file in one message: %1 was not added.</numerusform>
            <numerusform>At most %n files in one message: %1 was not added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::GroupCreator</name>
    <message numerus="yes">
        <source>A group&apos;s name has at most %n characters.</source>
        <translation>
            <numerusform>A group&apos;s name has at most %n character.</numerusform>
            <numerusform>A group&apos;s name has at most %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::Presence</name>
    <message numerus="yes">
        <source>last seen %n minute(s) ago</source>
        <translation>
            <numerusform>last seen %n minute ago</numerusform>
            <numerusform>last seen %n minutes ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::TypingIndicators</name>
    <message numerus="yes">
        <source>%1 and %n others are typing…</source>
        <translation>
            <numerusform>%1 and %n other is typing…</numerusform>
            <numerusform>%1 and %n others are typing…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::UploadTransfer</name>
    <message numerus="yes">
        <source>The server refused the file&apos;s parts as damaged %n time(s) in a row.</source>
        <translation>
            <numerusform>The server refused the file&apos;s parts as damaged %n time in a row.</numerusform>
            <numerusform>The server refused the file&apos;s parts as damaged %n times in a row.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::core::secret::TimerTexts</name>
    <message numerus="yes">
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n week</numerusform>
            <numerusform>%n weeks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msgr::platform::SystemTray</name>
    <message numerus="yes">
        <source>Messenger: %n unread message(s)</source>
        <translation>
            <numerusform>Messenger: %n unread message</numerusform>
            <numerusform>Messenger: %n unread messages</numerusform>
        </translation>
    </message>
</context>
</TS>
