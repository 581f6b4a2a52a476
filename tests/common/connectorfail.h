#pragma once

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

// Opens io and waits (up to 10 s) until the Namespace ns has joined; otherwise the test function
// fails with the client's last error. A macro, since QVERIFY2 returns from the test function.
// Only the tests that use it link SocketIOQt; this header does not include it.
#define CONNECT_OR_FAIL(io, ns)                                                                \
    do {                                                                                      \
        QSignalSpy connectedSpy_(ns, &SocketIOQt::Namespace::connected);                      \
        (io).open();                                                                          \
        QVERIFY2((ns)->isConnected() || !connectedSpy_.isEmpty() || connectedSpy_.wait(10000), \
                 qPrintable(QStringLiteral("no connection: ") + (io).errorString()));          \
    } while (false)
