// cbor-chat URL: connects with the CBOR parser of cborparser.h and prints every event.
#include "cborparser.h"

#include <SocketIOQt/SocketIO>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>

using namespace SocketIOQt;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        qInfo("usage: cbor-parser URL");
        return 2;
    }
    SocketIO io(QUrl(QString::fromLocal8Bit(argv[1])));
    io.setParser(std::make_shared<CborParser>());
    Namespace *ns = io.socket();
    QObject::connect(ns, &Namespace::connected, [ns] { ns->emitEvent(QStringLiteral("hello"), {QByteArray("\x01\x02")}); });
    QObject::connect(ns, &Namespace::eventReceived,
                     [](const QString &event, const QVariantList &args) { qInfo() << event << args; });
    io.open();
    return app.exec();
}
