#ifndef SOCKETIOQT_POLLINGTRANSPORT_H
#define SOCKETIOQT_POLLINGTRANSPORT_H

#include "enginetransport.h"

#include <QtCore/qpointer.h>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace SocketIOQt {

// Engine.IO over HTTP long-polling: one GET waiting for the server's packets
// and at most one POST carrying ours, as every server requires.
class PollingTransport : public EngineTransport
{
    Q_OBJECT
public:
    PollingTransport(const EngineTransportOptions &options, QNetworkAccessManager *manager,
                     QObject *parent = nullptr);
    ~PollingTransport() override;

    QString name() const override { return QStringLiteral("polling"); }
    void open() override;
    void send(const QList<EngineIOPacket> &packets) override;
    void close() override;
    void abort() override;
    qint64 bytesToWrite() const override { return m_queuedBytes; }

    // Stops polling once the requests in flight are done (for the upgrade);
    // `done` runs when nothing is in flight any more.
    void pause(std::function<void()> done);
    void resume();
    // socket.io 1.x servers encode strings in payloads twice (see protocol notes);
    // found from the handshake response, or set by the owner.
    bool isUtf8Twice() const { return m_payloadOptions.utf8Twice; }

private:
    QNetworkRequest request() const;
    void poll();
    void watch(QNetworkReply *reply);
    void flush();
    void onReadyRead(QNetworkReply *reply);
    void onPollFinished();
    void failOversized();
    static qint64 payloadSize(const EngineIOPacket &packet); // in a payload, about
    void onPostFinished();
    bool decodeBody(const QByteArray &body, bool binaryBody, QList<EngineIOPacket> *packets, QString *error);
    bool checkReply(QNetworkReply *reply);
    bool followRedirect(QNetworkReply *reply);
    void checkPaused();
    void finishClosing();
    void sendClose();
    void fail(Error error, const QString &description);

    QNetworkAccessManager *m_manager;
    QPointer<QNetworkReply> m_poll;
    QPointer<QNetworkReply> m_post;
    QByteArray m_body; // of the poll in flight, as far as it came
    QList<EngineIOPacket> m_queue;
    QList<EngineIOPacket> m_inFlight;
    qint64 m_queuedBytes = 0;   // in m_queue and m_inFlight, as flush() counts them
    qint64 m_inFlightBytes = 0;
    QString m_sid;
    qint64 m_maxPayload = 0;
    int m_redirects = 0;
    EngineIOCodec::PayloadOptions m_payloadOptions;
    std::function<void()> m_onPaused;
    bool m_pausing = false;
    bool m_done = false;
    bool m_closing = false; // close(): draining the queue, then gone
    bool m_closeSent = false; // the close packet, alone in the last POST
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_POLLINGTRANSPORT_H
