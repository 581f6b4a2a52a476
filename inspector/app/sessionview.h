#ifndef SESSIONVIEW_H
#define SESSIONVIEW_H

#include "recordinginfo.h"

#include <QtWidgets/qwidget.h>

class AcksView;
class CaptureProxy;
class CaptureSession;
class ComposerWidget;
class ConnectionPanel;
class EngineView;
class FilterBar;
class LinterView;
class LiveConnection;
class PacketDetailView;
class ProxyPanel;
class QSplitter;
class QTabWidget;
class QTreeView;
class RecordingPanel;
class TrafficFilterProxy;
class TrafficModel;

// One tab of the inspector: a capture (live connection, opened recording or
// proxy) with its side panel (connection and composer, recording and replay,
// or proxy settings), the traffic table with its filters, and below it the
// selected packet, the ack ledger with its chart, the engine lane and the
// linter.
class SessionView : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Live, Recording, Proxy };
    enum class Pane { Packet, Acks, Engine, Linter };

    explicit SessionView(Kind kind, QWidget *parent = nullptr);
    ~SessionView() override;
    // A recording tab; nullptr (with the reason) when the file cannot be read.
    static SessionView *openRecording(const QString &path, QString *error, QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }
    QString title() const;
    QString filePath() const { return m_path; }
    QString statusText() const;

    CaptureSession *session() const { return m_session; }
    LiveConnection *connection() const { return m_connection; }
    CaptureProxy *proxy() const { return m_proxy; }
    TrafficModel *trafficModel() const { return m_model; }
    TrafficFilterProxy *filterProxy() const { return m_filter; }
    QTreeView *trafficView() const { return m_view; }
    FilterBar *filterBar() const { return m_filterBar; }
    PacketDetailView *detailView() const { return m_detail; }
    AcksView *acksView() const { return m_acks; }
    EngineView *engineView() const { return m_engine; }
    LinterView *linterView() const { return m_linter; }
    ConnectionPanel *connectionPanel() const { return m_connectionPanel; }
    ComposerWidget *composer() const { return m_composer; }
    RecordingPanel *recordingPanel() const { return m_recordingPanel; }
    ProxyPanel *proxyPanel() const { return m_proxyPanel; }
    QTabWidget *sideTabs() const { return m_side; }
    QTabWidget *bottomTabs() const { return m_bottom; }

    void showPane(Pane pane);
    void showComposer();
    // Selects a packet in the table (clearing the filters when they hide it)
    // and shows it below.
    void selectPacket(int row);
    int selectedPacket() const;
    void flush(); // shows what the batching models still hold back

    RecordingInfo recordingInfo() const;
    bool saveRecording(const QString &path, QString *error = nullptr);
    // Packets a Clear would lose for good: captured here and not saved since (a recording's are
    // in its file).
    bool hasUnsavedPackets() const;
    // Forgets the capture so far, after asking when hasUnsavedPackets(). False when the user
    // kept it.
    bool clearCapture();

Q_SIGNALS:
    void titleChanged();
    void replayRequested(const QUrl &target, int protocol, bool keepTiming);
    void message(const QString &text);

private:
    void build();
    void onCurrentChanged(const QModelIndex &current);
    void onRowsInserted();
    void updateTabTitles();

    const Kind m_kind;
    CaptureSession *m_session;
    int m_savedPackets = 0; // the capture's packet count at the last save
    LiveConnection *m_connection = nullptr;
    CaptureProxy *m_proxy = nullptr;
    TrafficModel *m_model = nullptr;
    TrafficFilterProxy *m_filter = nullptr;
    QTreeView *m_view = nullptr;
    FilterBar *m_filterBar = nullptr;
    PacketDetailView *m_detail = nullptr;
    AcksView *m_acks = nullptr;
    EngineView *m_engine = nullptr;
    LinterView *m_linter = nullptr;
    ConnectionPanel *m_connectionPanel = nullptr;
    ComposerWidget *m_composer = nullptr;
    RecordingPanel *m_recordingPanel = nullptr;
    ProxyPanel *m_proxyPanel = nullptr;
    QTabWidget *m_side = nullptr;
    QTabWidget *m_bottom = nullptr;
    QSplitter *m_splitter = nullptr;
    QString m_path;
    RecordingInfo m_info;
};

#endif // SESSIONVIEW_H
