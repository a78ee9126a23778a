// Runs the tst_*.qml files of this folder against the statically linked Messenger.Ui modules.
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQuickTest/quicktest.h>

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Basic")); }

    void qmlEngineAvailable(QQmlEngine *engine) {
        // Qt 6.4 places static QML modules under qrc:/<URI path>, which is not searched by default.
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml_ui, Setup)

#include "main.moc"
