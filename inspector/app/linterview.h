#ifndef LINTERVIEW_H
#define LINTERVIEW_H

#include <QtWidgets/qwidget.h>

class CaptureSession;
class LinterModel;
class QLabel;
class QTreeView;

// The "Linter" tab: every finding with its one-line explanation, and the
// selected finding's hint below. Activating a finding goes to its packet.
class LinterView : public QWidget
{
    Q_OBJECT
public:
    explicit LinterView(CaptureSession *session, QWidget *parent = nullptr);

    LinterModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

Q_SIGNALS:
    void jumpToRow(int row);

private:
    LinterModel *m_model;
    QTreeView *m_view;
    QLabel *m_hint;
};

#endif // LINTERVIEW_H
