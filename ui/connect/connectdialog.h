// ConnectDialog: where a person describes a connection — target, user, port, identity
// file, remote Python, the context to connect through — and may save it as a host. The
// main window opens it for "Connect…"; the Hosts sidebar opens it to add and edit saved
// hosts. Validates as the user types (inline error, OK disabled until valid).
#pragma once

#include "core/broker/broker.h"
#include "core/connect/connectoptions.h"
#include "core/connect/sshconfig.h"
#include "ui/hosts/hoststore.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class QCheckBox;
class QComboBox;
class QCompleter;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStringListModel;
class QToolButton;
class QWidget;

namespace Econtext {

class ConnectDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)
public:
    enum class Mode {
        Connect, // OK connects (and saves the host if asked)
        AddHost, // OK saves a new host
        EditHost // OK updates a saved host
    };

    // broker: where the "Connect through" choices come from (may be null); store: where
    // hosts are saved (may be null: no saving); config: aliases for the completer (may be null).
    explicit ConnectDialog(Broker *broker,
                           HostStore *store,
                           const SshConfig *config,
                           QWidget *parent = nullptr,
                           Mode mode = Mode::Connect);
    ~ConnectDialog() override;

    Mode mode() const { return m_mode; }

    // Prefills the fields (the target is written back with formatTarget()).
    void setOptions(const ConnectOptions &options);
    // Edit/Add: prefills from a saved host; in EditHost mode OK updates that host.
    void setSavedHost(const SavedHost &host);
    // Preselects the parent context (0: directly from this machine).
    void setViaContext(quint32 contextId);
    // Extra "Connect through" choices when no Broker is given (tests, previews).
    void addViaContext(quint32 contextId, const QString &name);

    // Valid after accept(): what to connect, and what was saved (id empty if nothing).
    ConnectOptions options() const;
    SavedHost savedHost() const;
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }

    void accept() override;

    // Widgets, for tests and for focus handling.
    QLineEdit *targetEdit() const { return m_target; }
    QLineEdit *userEdit() const { return m_user; }
    QSpinBox *portSpin() const { return m_port; }
    QLineEdit *identityEdit() const { return m_identity; }
    QComboBox *pythonCombo() const { return m_python; }
    QComboBox *viaCombo() const { return m_via; }
    QCheckBox *saveCheck() const { return m_save; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *groupCombo() const { return m_group; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QLabel *errorLabel() const { return m_errorLabel; }
    QLabel *targetHint() const { return m_targetHint; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void buildUi();
    void validate();
    void refreshViaContexts();
    void browseIdentity();
    void completerActivated(const QString &text);
    QString pythonChoice() const;
    ConnectOptions compose(QString *error) const;

    Mode m_mode;
    QPointer<Broker> m_broker;
    QPointer<HostStore> m_store;
    SshConfig m_config; // for completion and to show what an alias stands for
    QList<QPair<quint32, QString>> m_extraVia;
    SavedHost m_editing; // EditHost: the host as it was
    QString m_error;
    SavedHost m_saved;
    std::optional<ConnectOptions> m_accepted;

    QLineEdit *m_target = nullptr;
    QLabel *m_targetHint = nullptr;
    QCompleter *m_completer = nullptr;
    QLineEdit *m_user = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_identity = nullptr;
    QToolButton *m_browse = nullptr;
    QComboBox *m_python = nullptr;
    QComboBox *m_via = nullptr;
    QLabel *m_viaLabel = nullptr;
    QCheckBox *m_save = nullptr;
    QWidget *m_saveBox = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_group = nullptr;
    QLineEdit *m_tags = nullptr;
    QLabel *m_errorLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Econtext
