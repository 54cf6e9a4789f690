// PreferencesDialog: edits AppSettings — default Python, module path
// directories, log buffer size, language, whether a local context starts
// with the window, automatic reconnects and restoring the last session. Used by the main window's
// Settings menu.
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace Econtext {

class PreferencesDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    // Fills the fields from AppSettings / writes them back.
    void load();
    void save() const;

    // Empty when the fields are acceptable, else one sentence saying what to fix.
    QString validationError() const;

    // For tests.
    QLineEdit *pythonEdit() const { return m_python; }
    QListWidget *modulePathList() const { return m_modulePath; }
    QSpinBox *bufferSizeSpin() const { return m_bufferSize; }
    QComboBox *languageCombo() const { return m_language; }
    QCheckBox *connectLocalCheck() const { return m_connectLocal; }
    QCheckBox *autoReconnectCheck() const { return m_autoReconnect; }
    QCheckBox *restoreSessionCheck() const { return m_restoreSession; }

public Q_SLOTS:
    void accept() override;

private:
    void addDirectory();
    void removeDirectories();
    void moveDirectory(int delta);
    void updateButtons();

    QLineEdit *m_python = nullptr;
    QListWidget *m_modulePath = nullptr;
    QPushButton *m_addDir = nullptr;
    QPushButton *m_removeDir = nullptr;
    QPushButton *m_upDir = nullptr;
    QPushButton *m_downDir = nullptr;
    QSpinBox *m_bufferSize = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_connectLocal = nullptr;
    QCheckBox *m_autoReconnect = nullptr;
    QCheckBox *m_restoreSession = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    int m_initialLanguage = 0;
};

} // namespace Econtext
