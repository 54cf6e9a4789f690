#include "ui/connect/connectdialog.h"

#include "core/broker/broker.h"
#include "core/broker/context.h"
#include "core/connect/sshconfig.h"
#include "core/connect/target.h"
#include "ui/connect/targetresolver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace Econtext {

ConnectDialog::ConnectDialog(
        Broker *broker, HostStore *store, const SshConfig *config, QWidget *parent, Mode mode)
    : QDialog(parent)
    , m_mode(mode)
    , m_broker(broker)
    , m_store(store)
{
    if (config)
        m_config = *config;
    buildUi();

    if (m_broker) {
        const QList<Context *> contexts = m_broker->contexts();
        for (Context *c : contexts)
            connect(c, &Context::stateChanged, this, &ConnectDialog::refreshViaContexts);
        connect(m_broker, &Broker::contextAdded, this, [this](Context *c) {
            connect(c, &Context::stateChanged, this, &ConnectDialog::refreshViaContexts);
            refreshViaContexts();
        });
        connect(m_broker, &Broker::contextRemoved, this, &ConnectDialog::refreshViaContexts);
    }
    refreshViaContexts();
    validate();
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::buildUi()
{
    switch (m_mode) {
    case Mode::Connect:
        setWindowTitle(tr("Connect"));
        break;
    case Mode::AddHost:
        setWindowTitle(tr("Add Host"));
        break;
    case Mode::EditHost:
        setWindowTitle(tr("Edit Host"));
        break;
    }

    auto *form = new QFormLayout;

    m_target = new QLineEdit(this);
    m_target->setPlaceholderText(tr("user@host:port, an alias from ~/.ssh/config, or local"));
    m_target->setClearButtonEnabled(true);
    m_target->setToolTip(tr("<p>Where to start the Python interpreter:</p><ul>"
                            "<li><b>local</b> — this machine</li>"
                            "<li><b>local:/usr/bin/python3</b> — this machine, a given "
                            "interpreter</li>"
                            "<li><b>host</b>, <b>user@host</b>, <b>user@host:2222</b>, "
                            "<b>ssh://user@host:22</b>, <b>[::1]:22</b> — over SSH</li>"
                            "<li><b>sudo</b>, <b>sudo:postgres</b> — sudo to root or a user, "
                            "through the context chosen under Connect through</li>"
                            "<li>a saved host or an alias from ~/.ssh/config</li></ul>"));
    QStringList completions;
    if (m_store) {
        const QList<SavedHost> hosts = m_store->hosts();
        for (const SavedHost &h : hosts)
            completions << h.name;
    }
    completions << m_config.aliases() << QStringLiteral("local");
    completions.removeDuplicates();
    m_completer = new QCompleter(completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_target->setCompleter(m_completer);
    connect(m_completer,
            qOverload<const QString &>(&QCompleter::activated),
            this,
            &ConnectDialog::completerActivated);
    form->addRow(tr("&Target:"), m_target);
    m_targetHint = new QLabel(this);
    m_targetHint->setTextFormat(Qt::PlainText);
    m_targetHint->setWordWrap(true);
    m_targetHint->setForegroundRole(QPalette::PlaceholderText);
    m_targetHint->hide();
    form->addRow(QString(), m_targetHint);

    m_user = new QLineEdit(this);
    m_user->setPlaceholderText(tr("From the target or the ssh configuration"));
    form->addRow(tr("&User:"), m_user);

    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Default"));
    m_port->setToolTip(tr("0 uses the port from the target, the ssh configuration or 22."));
    form->addRow(tr("&Port:"), m_port);

    auto *identityRow = new QHBoxLayout;
    m_identity = new QLineEdit(this);
    m_identity->setPlaceholderText(tr("Keys from the agent and ~/.ssh"));
    m_identity->setClearButtonEnabled(true);
    m_browse = new QToolButton(this);
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(tr("Choose a private key file"));
    identityRow->addWidget(m_identity);
    identityRow->addWidget(m_browse);
    auto *identityLabel = new QLabel(tr("&Identity file:"), this);
    identityLabel->setBuddy(m_identity);
    form->addRow(identityLabel, identityRow);
    connect(m_browse, &QToolButton::clicked, this, &ConnectDialog::browseIdentity);

    m_python = new QComboBox(this);
    m_python->setEditable(true);
    m_python->setInsertPolicy(QComboBox::NoInsert);
    m_python->addItem(tr("Default (python3, then python)"));
    m_python->addItem(QStringLiteral("python3"));
    m_python->addItem(QStringLiteral("python"));
    m_python->setToolTip(tr("The Python interpreter to start: a command name or a full "
                            "path such as /usr/bin/python3."));
    form->addRow(tr("&Remote Python:"), m_python);

    m_via = new QComboBox(this);
    m_viaLabel = new QLabel(tr("Connect &through:"), this);
    m_viaLabel->setBuddy(m_via);
    m_via->setToolTip(tr("Start the new context from a context that is already connected, "
                         "for example to reach a host behind a gateway."));
    form->addRow(m_viaLabel, m_via);

    m_save = new QCheckBox(tr("&Save this host"), this);
    m_saveBox = new QWidget(this);
    auto *saveForm = new QFormLayout(m_saveBox);
    saveForm->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(m_saveBox);
    m_group = new QComboBox(m_saveBox);
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->addItem(QString());
    if (m_store)
        m_group->addItems(m_store->groups());
    m_group->lineEdit()->setPlaceholderText(tr("None"));
    m_tags = new QLineEdit(m_saveBox);
    m_tags->setPlaceholderText(tr("Comma-separated, for example: web, production"));
    saveForm->addRow(tr("&Name:"), m_name);
    saveForm->addRow(tr("&Group:"), m_group);
    saveForm->addRow(tr("T&ags:"), m_tags);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    QPalette pal = m_errorLabel->palette();
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    pal.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28));
    m_errorLabel->setPalette(pal);
    m_errorLabel->setAccessibleName(tr("Error"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)
            ->setText(m_mode == Mode::Connect ? tr("&Connect") : tr("&Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_save);
    layout->addWidget(m_saveBox);
    layout->addWidget(m_errorLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    if (m_mode == Mode::Connect) {
        m_save->setEnabled(m_store != nullptr);
        m_saveBox->setEnabled(false);
        connect(m_save, &QCheckBox::toggled, m_saveBox, &QWidget::setEnabled);
    } else {
        m_save->setChecked(true);
        m_save->hide();
        m_via->hide();
        m_viaLabel->hide();
    }

    for (QLineEdit *edit : {m_target, m_user, m_identity, m_name, m_tags})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &ConnectDialog::validate);
    connect(m_python, &QComboBox::currentTextChanged, this, &ConnectDialog::validate);
    connect(m_group, &QComboBox::currentTextChanged, this, &ConnectDialog::validate);
    // What a target means can depend on where it starts (sudo, a local interpreter's path).
    connect(m_via, &QComboBox::currentIndexChanged, this, &ConnectDialog::validate);
    connect(m_save, &QCheckBox::toggled, this, &ConnectDialog::validate);

    setMinimumWidth(460);
    m_target->setFocus();
}

void ConnectDialog::refreshViaContexts()
{
    const quint32 current = m_via->currentData().toUInt();
    m_via->clear();
    m_via->addItem(tr("Directly from this machine"), 0u);
    if (m_broker) {
        const QList<Context *> contexts = m_broker->contexts();
        for (const Context *c : contexts) {
            if (c->state() != ContextState::Connected)
                continue;
            const QString description = c->description();
            m_via->addItem(description.isEmpty() || description == c->name()
                                   ? c->name()
                                   : tr("%1 (%2)").arg(c->name(), description),
                           c->id());
        }
    }
    for (const auto &[id, name] : std::as_const(m_extraVia))
        m_via->addItem(name, id);
    const int index = m_via->findData(current);
    m_via->setCurrentIndex(index >= 0 ? index : 0);
}

void ConnectDialog::setViaContext(quint32 contextId)
{
    const int index = m_via->findData(contextId);
    m_via->setCurrentIndex(index >= 0 ? index : 0);
}

void ConnectDialog::addViaContext(quint32 contextId, const QString &name)
{
    m_extraVia.append({contextId, name});
    refreshViaContexts();
}

void ConnectDialog::setOptions(const ConnectOptions &options)
{
    const bool ssh = options.method == ConnectMethod::Ssh;
    m_target->setText(formatTarget(options));
    m_user->clear();
    m_port->setValue(0);
    m_identity->setText(ssh ? options.identityFile : QString());
    // A local interpreter is part of the target ("local:PYTHON").
    if (options.method == ConnectMethod::Local || options.python.isEmpty())
        m_python->setCurrentIndex(0);
    else
        m_python->setCurrentText(options.python);
    ConnectOptions unnamed = options;
    unnamed.name.clear();
    if (!options.name.isEmpty() && options.name != defaultContextName(unnamed))
        m_name->setText(options.name);
    setViaContext(options.viaContextId);
    validate();
}

void ConnectDialog::setSavedHost(const SavedHost &host)
{
    m_editing = host;
    setOptions(host.toConnectOptions());
    m_name->setText(host.name);
    m_group->setCurrentText(host.group);
    m_tags->setText(host.tags.join(QStringLiteral(", ")));
    validate();
}

void ConnectDialog::completerActivated(const QString &text)
{
    if (!m_store)
        return;
    // A saved host fills every field, so the user sees what will be used.
    if (const std::optional<SavedHost> saved = m_store->findByName(text)) {
        const ConnectOptions options = saved->toConnectOptions();
        QSignalBlocker blocker(m_target);
        m_target->setText(formatTarget(options));
        m_identity->setText(options.identityFile);
        if (options.method != ConnectMethod::Local && !options.python.isEmpty())
            m_python->setCurrentText(options.python);
        m_name->setText(saved->name);
        validate();
    }
}

void ConnectDialog::browseIdentity()
{
    QString dir = QFileInfo(m_identity->text()).absolutePath();
    if (m_identity->text().isEmpty() || !QFileInfo::exists(dir))
        dir = QDir::home().filePath(QStringLiteral(".ssh"));
    auto *dialog = new QFileDialog(this, tr("Choose an Identity File"), dir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setFilter(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_identity->setText(QDir::toNativeSeparators(file));
    });
    dialog->open();
}

QString ConnectDialog::pythonChoice() const
{
    const QString text = m_python->currentText().trimmed();
    if (text.isEmpty() || text == m_python->itemText(0))
        return {};
    return text;
}

ConnectOptions ConnectDialog::compose(QString *error) const
{
    Result<ConnectOptions> resolved = resolveTarget(m_target->text(), m_store);
    if (!resolved) {
        *error = resolved.errorString();
        return {};
    }
    ConnectOptions options = std::move(resolved).value();
    const quint32 via = m_mode == Mode::Connect ? m_via->currentData().toUInt() : 0;

    const QString user = m_user->text().trimmed();
    const QString python = pythonChoice();
    if (options.method == ConnectMethod::Sudo) {
        // sudo is a hop: it is started by a context that is already connected.
        if (via == 0) {
            *error = m_mode == Mode::Connect
                             ? tr("sudo is started by a connected context; choose one under "
                                  "Connect through.")
                             : tr("A saved host is connected from this machine, where sudo "
                                  "needs a context to start from; use Context → Connect "
                                  "Through… instead.");
            return {};
        }
        if (!python.isEmpty())
            options.python = python;
    } else if (options.method == ConnectMethod::Ssh) {
        if (!user.isEmpty()) {
            if (!options.user.isEmpty() && options.user != user) {
                *error = tr("The target names the user “%1” but the User field says “%2”; "
                            "keep one of them.")
                                 .arg(options.user, user);
                return {};
            }
            if (user.contains(QLatin1Char(' ')) || user.contains(QLatin1Char('@'))) {
                *error = tr("“%1” is not a valid user name.").arg(user);
                return {};
            }
            options.user = user;
        }
        if (m_port->value() > 0) {
            if (options.port > 0 && options.port != m_port->value()) {
                *error = tr("The target names port %1 but the Port field says %2; keep one "
                            "of them.")
                                 .arg(options.port)
                                 .arg(m_port->value());
                return {};
            }
            options.port = m_port->value();
        }
        const QString identity = m_identity->text().trimmed();
        if (!identity.isEmpty()) {
            QString path = identity;
            if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
                path = QDir::homePath() + path.mid(1);
            const QFileInfo info(path);
            if (!info.isFile()) {
                *error = tr("The identity file %1 does not exist.").arg(identity);
                return {};
            }
            if (!info.isReadable()) {
                *error = tr("The identity file %1 cannot be read.").arg(identity);
                return {};
            }
            options.identityFile = info.absoluteFilePath();
        }
        if (!python.isEmpty())
            options.python = python;
    } else {
        if (!python.isEmpty()) {
            if (!options.python.isEmpty() && options.python != python) {
                *error = tr("The target names the interpreter %1 but the Remote Python field "
                            "says %2; keep one of them.")
                                 .arg(options.python, python);
                return {};
            }
            options.python = python;
        }
        // A path on this machine can be checked now rather than after a failed bootstrap
        // (through another context, it names a file on that context's machine).
        if (via == 0 && QDir::isAbsolutePath(options.python)) {
            const QFileInfo info(options.python);
            if (!info.isFile() || !info.isExecutable()) {
                *error = tr("There is no Python interpreter at %1 on this machine.")
                                 .arg(options.python);
                return {};
            }
        }
    }

    const bool saving = m_mode != Mode::Connect || (m_save->isChecked() && m_store);
    const QString name = m_name->text().trimmed();
    options.name = saving && !name.isEmpty() ? name : defaultContextName(options);
    if (saving && m_store) {
        const std::optional<SavedHost> other = m_store->findByName(options.name);
        if (other && other->id != m_editing.id) {
            *error = tr("A saved host named “%1” already exists; choose another name.")
                             .arg(options.name);
            return {};
        }
    }
    options.viaContextId = via;
    error->clear();
    return options;
}

void ConnectDialog::validate()
{
    m_accepted.reset();
    QString error;
    const ConnectOptions options = compose(&error);
    // User, port and identity file mean something to ssh only (sudo's user is in its target).
    const bool ssh = !error.isEmpty() || options.method == ConnectMethod::Ssh;
    m_user->setEnabled(ssh);
    m_port->setEnabled(ssh);
    m_identity->setEnabled(ssh);
    m_browse->setEnabled(ssh);
    if (error.isEmpty())
        m_name->setPlaceholderText(defaultContextName(options));

    // An ssh_config alias: show what ssh will use for the fields left empty.
    SshHostAlias alias;
    if (error.isEmpty() && options.method == ConnectMethod::Ssh && m_config.contains(options.host))
        alias = m_config.resolve(options.host);
    m_targetHint->setText(
            alias.hostName.isEmpty()
                    ? QString()
                    : tr("%1 is %2 in ~/.ssh/config.").arg(alias.alias, alias.hostName));
    m_targetHint->setVisible(!m_targetHint->text().isEmpty());
    m_user->setPlaceholderText(alias.user.isEmpty()
                                       ? tr("From the target or the ssh configuration")
                                       : tr("%1 (from ~/.ssh/config)").arg(alias.user));
    m_port->setSpecialValueText(
            alias.port > 0 ? tr("Default (%1 from ~/.ssh/config)").arg(alias.port) : tr("Default"));
    m_identity->setPlaceholderText(
            alias.identityFile.isEmpty()
                    ? tr("Keys from the agent and ~/.ssh")
                    : tr("%1 (from ~/.ssh/config)")
                              .arg(QDir::toNativeSeparators(alias.identityFile)));

    // An empty target is not worth a red sentence yet; OK stays disabled though.
    m_error = error;
    m_errorLabel->setText(m_target->text().trimmed().isEmpty() ? QString() : error);
    m_errorLabel->setVisible(!m_errorLabel->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

ConnectOptions ConnectDialog::options() const
{
    // Once accepted, the host may be saved under its name: what was accepted stays.
    if (m_accepted)
        return *m_accepted;
    QString error;
    return compose(&error);
}

SavedHost ConnectDialog::savedHost() const
{
    return m_saved;
}

void ConnectDialog::accept()
{
    validate();
    if (!m_error.isEmpty())
        return;
    const ConnectOptions opts = options();
    const bool saving = m_mode != Mode::Connect || m_save->isChecked();
    if (saving && m_store) {
        SavedHost host = SavedHost::fromConnectOptions(opts);
        host.group = m_group->currentText().trimmed();
        const QStringList tags = m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &tag : tags) {
            if (!tag.trimmed().isEmpty() && !host.tags.contains(tag.trimmed()))
                host.tags << tag.trimmed();
        }
        if (m_mode == Mode::EditHost && !m_editing.id.isEmpty()) {
            host.id = m_editing.id;
            host.favourite = m_editing.favourite;
            m_store->update(host);
        } else {
            host.id = m_store->add(host);
        }
        m_saved = host;
    }
    m_accepted = opts;
    QDialog::accept();
}

} // namespace Econtext
