#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include "connectionsettings.h"

#include <QtCore/qtimer.h>
#include <QtWidgets/qmainwindow.h>

class QLabel;
class QMenu;
class QTabWidget;
class SessionView;

// The inspector's window: one tab per capture (live connections, recordings,
// proxies), the menus and toolbar that act on the current one, and a status
// bar that sums it up.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    SessionView *newConnection(const ConnectionSettings &settings = {}, bool connectNow = false);
    SessionView *openRecording(const QString &path, QString *error = nullptr);
    SessionView *newProxy(const QUrl &target = {}, bool start = false);

    SessionView *currentSession() const;
    SessionView *session(int index) const;
    int sessionCount() const;
    QTabWidget *tabs() const { return m_tabs; }

public Q_SLOTS:
    void openRecordingDialog();
    void saveRecordingDialog();
    void closeTab(int index);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    SessionView *addSession(SessionView *view);
    void buildActions();
    void refreshRecentMenu();
    void refreshStatus();
    void startReplay(SessionView *source, const QUrl &target, int protocol, bool keepTiming);

    QTabWidget *m_tabs;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_status;
    QTimer m_statusTimer;
    QAction *m_pause = nullptr;
};

#endif // MAINWINDOW_H
