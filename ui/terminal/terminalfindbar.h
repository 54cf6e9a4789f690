// TerminalFindBar: the small search bar TerminalWidget shows over its top-right corner
// (Ctrl+Shift+F): the text, previous and next match, match case, and how the last search
// went. Enter finds the next match, Shift+Enter the previous one, Escape closes the bar.
#pragma once

#include <QFrame>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace Econtext {

class TerminalFindBar : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalFindBar)
public:
    explicit TerminalFindBar(QWidget *parent = nullptr);

    QString text() const;
    Qt::CaseSensitivity caseSensitivity() const;
    QLineEdit *lineEdit() const { return m_edit; }
    // Shows the bar with the text selected, ready for a new search.
    void activate();
    // Says whether the last search found something.
    void setFound(bool found);

Q_SIGNALS:
    void findRequested(bool backward);
    void textChanged(const QString &text);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_edit = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QCheckBox *m_matchCase = nullptr;
    QLabel *m_status = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace Econtext
