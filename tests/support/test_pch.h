// The precompiled header of every test executable (msgr_add_test, cmake/MsgrTests.cmake): the
// Qt Core and standard headers most tests include, parsed once per build instead of once per
// test. It must stay valid for every test, whatever Qt modules the test links: nothing here may
// read the QT_<MODULE>_LIB macros those modules define (qtest.h does, so it is not here; its
// QtCore and QTest parts are). GCC refuses a PCH whose macros differ (-Winvalid-pch, an error
// with MSGR_WERROR), so a header that breaks this rule fails the build instead of slowing it.
// Sources still include what they use: clang-tidy and the dev build see them without it.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>
#include <QVariant>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtestcase.h>
