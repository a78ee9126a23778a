// Every QML module of the client, imported for the static build: a static QML plugin is only
// registered with the engine when something references it (Qt 6.4). Linked as the object library
// msgr_qml_modules by the app and by every test that loads QML, so there is one list, here.
// A new module adds one line here and its plugin target in app/CMakeLists.txt.
#include <QtQml/qqmlextensionplugin.h>

// core/
Q_IMPORT_QML_PLUGIN(Messenger_ContextPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_MessagesPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_ChatsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_SearchPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_DevicesPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_AccountPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_AccountsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_MediaPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_PreferencesPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_NotificationsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_TypingPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_DraftsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_PresencePlugin)
Q_IMPORT_QML_PLUGIN(Messenger_ChannelsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_GroupsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_CommentsPlugin)
// qml/
Q_IMPORT_QML_PLUGIN(Messenger_Ui_CommonPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_LoginPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_SearchPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_ChatsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_GroupsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_MessagesPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_CommentsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_DevicesPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_Ui_SettingsPlugin)
Q_IMPORT_QML_PLUGIN(Messenger_UiPlugin)
