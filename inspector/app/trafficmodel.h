#ifndef TRAFFICMODEL_H
#define TRAFFICMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

class CaptureSession;

// The packets of a CaptureSession as a table. New packets are not inserted
// one by one: they are announced in batches from a timer, so that a burst of
// thousands of packets costs the views one insertion, and pausing simply
// stops announcing (the capture itself goes on; resume shows what came).
class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Connection: which client connection (capture stream) a packet belongs to; the views show it
    // where a capture holds several (the proxy's).
    enum Column { Number, Time, Connection, Direction, Transport, EngineType, SocketType, Namespace, Event, AckId,
                  Size, Info, ColumnCount };
    enum Role { RowRole = Qt::UserRole + 1 }; // the capture row (int)

    explicit TrafficModel(CaptureSession *session, QObject *parent = nullptr);

    CaptureSession *session() const { return m_session; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    int heldBack() const; // packets captured but not shown while paused
    void setBatchInterval(int ms) { m_timer.setInterval(ms); }
    void flush();         // announce what has arrived now (tests, screenshots)

    QString summary(int row) const; // the Info column's text

Q_SIGNALS:
    void pausedChanged(bool paused);
    void heldBackChanged(int count);

private:
    void scheduleFlush();
    void onPacketChanged(int row);

    CaptureSession *const m_session;
    int m_rows = 0;               // rows announced to the views
    bool m_paused = false;
    QTimer m_timer;
    QSet<int> m_changed;          // announced rows whose content changed
};

#endif // TRAFFICMODEL_H
