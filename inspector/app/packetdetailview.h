#ifndef PACKETDETAILVIEW_H
#define PACKETDETAILVIEW_H

#include <QtWidgets/qwidget.h>

class CaptureSession;
class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

// The selected packet, three ways side by side: the raw frames as they
// travelled (the text frame and each binary attachment), the decoded packet
// as a tree (arguments as JSON, placeholders linking to their attachment,
// the ack pairing and the linter's findings), and a hex view per attachment.
class PacketDetailView : public QWidget
{
    Q_OBJECT
public:
    explicit PacketDetailView(CaptureSession *session, QWidget *parent = nullptr);

    void showPacket(int row); // -1 clears
    int currentRow() const { return m_row; }
    void showAttachment(int index);

    QTreeWidget *tree() const { return m_tree; }
    QPlainTextEdit *rawView() const { return m_raw; }
    QTabWidget *binaryTabs() const { return m_binary; }

Q_SIGNALS:
    void jumpToRow(int row);

private:
    void fillRaw(const QList<int> &rows);
    void fillTree(int textRow, const QList<int> &rows);
    void fillBinary(const QList<int> &rows);
    void onItemActivated(QTreeWidgetItem *item, int column);
    QString frameHeader(int row) const;

    CaptureSession *const m_session;
    int m_row = -1;
    QLabel *m_summary;
    QPlainTextEdit *m_raw;
    QTreeWidget *m_tree;
    QTabWidget *m_binary;
    QWidget *m_binaryPane;
    QSplitter *m_splitter;
};

#endif // PACKETDETAILVIEW_H
