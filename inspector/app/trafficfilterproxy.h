#ifndef TRAFFICFILTERPROXY_H
#define TRAFFICFILTERPROXY_H

#include <QtCore/qsortfilterproxymodel.h>

class CaptureSession;

// Filters the traffic table by direction, namespace, event, kind of packet
// and free text (searched in the raw frame, the namespace and the event).
// It reads the capture directly rather than through data(): filtering 100,000
// rows is a loop over plain structs.
class TrafficFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Kind {
        All,
        Events,      // EVENT / BINARY_EVENT (and their attachments)
        Acks,        // ACK / BINARY_ACK and the events that asked for one
        Lifecycle,   // CONNECT, DISCONNECT, CONNECT_ERROR, open, close, upgrade
        Heartbeat,   // ping and pong
        Binary,      // packets with attachments, and the attachments
        Problems     // flagged by the linter, or not decodable
    };
    enum class DirectionFilter { Both, Incoming, Outgoing };

    explicit TrafficFilterProxy(QObject *parent = nullptr);

    void setSession(CaptureSession *session);

    void setDirectionFilter(DirectionFilter direction);
    void setNamespaceFilter(const QString &nsp);  // exact; empty: all
    void setEventFilter(const QString &event);    // substring, case-insensitive; empty: all
    void setKind(Kind kind);
    void setText(const QString &text);            // substring, case-insensitive; empty: all
    void setHideHeartbeats(bool hide);
    void clearFilters();
    bool isFiltering() const;

    DirectionFilter directionFilter() const { return m_direction; }
    QString namespaceFilter() const { return m_nsp; }
    QString eventNameFilter() const { return m_event; }
    Kind kind() const { return m_kind; }
    QString text() const { return m_text; }
    bool hidesHeartbeats() const { return m_hideHeartbeats; }

    bool acceptsPacket(int row) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    CaptureSession *m_session = nullptr;
    DirectionFilter m_direction = DirectionFilter::Both;
    QString m_nsp;
    QString m_event;
    Kind m_kind = Kind::All;
    QString m_text;
    QByteArray m_textLatin1; // the text in lower case when it is ASCII: searched without decoding
    bool m_hideHeartbeats = false;
};

#endif // TRAFFICFILTERPROXY_H
