#pragma once

// The test class of tst_qml.cpp, apart so that moc does not read the raw string literals there.
#include "testserver.h"

#include <QObject>
#include <QPointer>
#include <QVariant>

class QQmlEngine;

class tst_Qml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void connectsWithProperties();
    void emitWithAckCallback();
    void emitWithAckPromise();
    void declarativeEventsAndBindings();
    void ackFromQml();
    void catchAllInAndOut();
    void binaryAsArrayBuffer();
    void msgpackParser();
    void jsonTypes();
    void namespaceAuthBinding();
    void clientAuthAndQueryReconnectOnce();
    void urlChangeReconnects();
    void activeToggles();
    void nameChange();
    void inactiveClientWaits();
    void errors();
    void clientSignals();
    // QML from one source (issue 11, part 5).
    void emitAnyNumberOfArguments_data();
    void emitAnyNumberOfArguments();
    void cppChangesNotifyBindings();
    void everyCppPropertyInQml();

private:
    QObject *create(const QString &qml);
    // Evaluates JavaScript in the context of `o` (its ids and properties are in scope).
    QVariant js(QObject *o, const QString &code);
    QString json(QObject *o, const QString &expression)
    {
        return js(o, QStringLiteral("JSON.stringify(") + expression + QStringLiteral(")")).toString();
    }

    QQmlEngine *m_engine = nullptr;
    TestServer m_server;
    TestServer m_other;
    TestServer m_msgpack{{QStringLiteral("--parser"), QStringLiteral("msgpack")}};
    QList<QPointer<QObject>> m_objects;
};
