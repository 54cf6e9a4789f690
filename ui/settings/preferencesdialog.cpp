#include "ui/settings/preferencesdialog.h"

#include "ui/settings/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Econtext {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));

    // Contexts
    auto *contexts = new QGroupBox(tr("Contexts"), this);
    auto *contextsForm = new QFormLayout(contexts);
    m_python = new QLineEdit(contexts);
    m_python->setPlaceholderText(QStringLiteral("python3"));
    m_python->setToolTip(tr("The interpreter started for local contexts: a name on PATH or a "
                            "full path"));
    contextsForm->addRow(tr("Default &Python:"), m_python);
    m_connectLocal = new QCheckBox(tr("Connect a &local context when the window opens"), contexts);
    contextsForm->addRow(m_connectLocal);
    m_autoReconnect = new QCheckBox(tr("Reconnect lost contexts &automatically"), contexts);
    m_autoReconnect->setObjectName(QStringLiteral("autoReconnectCheck"));
    m_autoReconnect->setToolTip(
            tr("When a connected context is lost, connect it again after 1 s, 2 s, 4 s … (at "
               "most 60 s between attempts) until it stays up or you disconnect it"));
    contextsForm->addRow(m_autoReconnect);
    m_restoreSession = new QCheckBox(tr("&Restore the last session's contexts at start"), contexts);
    m_restoreSession->setObjectName(QStringLiteral("restoreSessionCheck"));
    m_restoreSession->setToolTip(
            tr("Connect the contexts that were connected when econtext closed (passwords are "
               "never saved: you are asked again)"));
    contextsForm->addRow(m_restoreSession);

    // Module path
    auto *modules = new QGroupBox(tr("Module Path"), this);
    auto *modulesLayout = new QHBoxLayout(modules);
    m_modulePath = new QListWidget(modules);
    m_modulePath->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_modulePath->setToolTip(tr("Directories searched first, in this order, for modules that "
                                "contexts import from the master"));
    modulesLayout->addWidget(m_modulePath, 1);
    auto *dirButtons = new QVBoxLayout;
    m_addDir = new QPushButton(tr("&Add…"), modules);
    m_removeDir = new QPushButton(tr("&Remove"), modules);
    m_upDir = new QPushButton(tr("Move &Up"), modules);
    m_downDir = new QPushButton(tr("Move &Down"), modules);
    for (QPushButton *b : {m_addDir, m_removeDir, m_upDir, m_downDir})
        dirButtons->addWidget(b);
    dirButtons->addStretch(1);
    modulesLayout->addLayout(dirButtons);
    connect(m_addDir, &QPushButton::clicked, this, &PreferencesDialog::addDirectory);
    connect(m_removeDir, &QPushButton::clicked, this, &PreferencesDialog::removeDirectories);
    connect(m_upDir, &QPushButton::clicked, this, [this] { moveDirectory(-1); });
    connect(m_downDir, &QPushButton::clicked, this, [this] { moveDirectory(1); });
    connect(m_modulePath,
            &QListWidget::itemSelectionChanged,
            this,
            &PreferencesDialog::updateButtons);

    // Appearance and logs
    auto *general = new QGroupBox(tr("Display"), this);
    auto *generalForm = new QFormLayout(general);
    m_bufferSize = new QSpinBox(general);
    m_bufferSize->setRange(AppSettings::MinLogBufferSize, AppSettings::MaxLogBufferSize);
    m_bufferSize->setSingleStep(10000);
    m_bufferSize->setGroupSeparatorShown(true);
    m_bufferSize->setSuffix(tr(" lines"));
    m_bufferSize->setToolTip(tr("Lines kept per log pane; the oldest are dropped beyond this"));
    generalForm->addRow(tr("Log &buffer:"), m_bufferSize);
    m_language = new QComboBox(general);
    m_language->addItem(tr("System default"), int(AppSettings::Language::System));
    m_language->addItem(QStringLiteral("English"), int(AppSettings::Language::English));
    m_language->addItem(QStringLiteral("Deutsch"), int(AppSettings::Language::German));
    generalForm->addRow(tr("&Language:"), m_language);
    auto *themeNote = new QLabel(
            tr("Colours follow the desktop's light or dark theme. A new language applies when "
               "econtext starts again; new module directories apply to new contexts."),
            general);
    themeNote->setWordWrap(true);
    themeNote->setForegroundRole(QPalette::PlaceholderText);
    generalForm->addRow(themeNote);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("preferencesError"));
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_error->setPalette(errorPalette);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(contexts);
    layout->addWidget(modules, 1);
    layout->addWidget(general);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    load();
    resize(sizeHint().expandedTo(QSize(560, 480)));
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::load()
{
    const QString python = AppSettings::defaultPython();
    m_python->setText(python == QLatin1String("python3") ? QString() : python);
    m_modulePath->clear();
    m_modulePath->addItems(AppSettings::modulePathDirectories());
    m_bufferSize->setValue(AppSettings::logBufferSize());
    m_language->setCurrentIndex(std::max(0, m_language->findData(int(AppSettings::language()))));
    m_initialLanguage = m_language->currentIndex();
    m_connectLocal->setChecked(AppSettings::connectLocalOnStart());
    m_autoReconnect->setChecked(AppSettings::autoReconnect());
    m_restoreSession->setChecked(AppSettings::restoreSession());
    updateButtons();
}

void PreferencesDialog::save() const
{
    AppSettings::setDefaultPython(m_python->text());
    QStringList dirs;
    for (int i = 0; i < m_modulePath->count(); ++i)
        dirs.append(m_modulePath->item(i)->text());
    AppSettings::setModulePathDirectories(dirs);
    AppSettings::setLogBufferSize(m_bufferSize->value());
    AppSettings::setLanguage(AppSettings::Language(m_language->currentData().toInt()));
    AppSettings::setConnectLocalOnStart(m_connectLocal->isChecked());
    AppSettings::setAutoReconnect(m_autoReconnect->isChecked());
    AppSettings::setRestoreSession(m_restoreSession->isChecked());
}

QString PreferencesDialog::validationError() const
{
    const QString python = m_python->text().trimmed();
    if (python.contains(QLatin1Char('/')) && !QFileInfo(python).isExecutable())
        return tr("The Python interpreter %1 does not exist or is not executable; choose "
                  "another or leave the field empty for python3.")
                .arg(python);
    for (int i = 0; i < m_modulePath->count(); ++i) {
        const QString dir = m_modulePath->item(i)->text();
        if (!QFileInfo(dir).isDir())
            return tr("The module directory %1 does not exist; remove it or create it first.")
                    .arg(dir);
    }
    return {};
}

void PreferencesDialog::accept()
{
    const QString error = validationError();
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_error->hide();
    save();
    if (m_language->currentIndex() != m_initialLanguage)
        QMessageBox::information(this,
                                 tr("Preferences"),
                                 tr("The new language applies when econtext starts again."));
    QDialog::accept();
}

void PreferencesDialog::addDirectory()
{
    const QString dir
            = QFileDialog::getExistingDirectory(this, tr("Add Module Directory"), QDir::homePath());
    if (dir.isEmpty())
        return;
    const QString clean = QDir::cleanPath(dir);
    if (m_modulePath->findItems(clean, Qt::MatchExactly).isEmpty())
        m_modulePath->addItem(clean);
    updateButtons();
}

void PreferencesDialog::removeDirectories()
{
    const QList<QListWidgetItem *> items = m_modulePath->selectedItems();
    for (QListWidgetItem *item : items)
        delete m_modulePath->takeItem(m_modulePath->row(item));
    updateButtons();
}

void PreferencesDialog::moveDirectory(int delta)
{
    const int row = m_modulePath->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_modulePath->count())
        return;
    QListWidgetItem *item = m_modulePath->takeItem(row);
    m_modulePath->insertItem(to, item);
    m_modulePath->setCurrentRow(to);
    updateButtons();
}

void PreferencesDialog::updateButtons()
{
    const bool any = !m_modulePath->selectedItems().isEmpty();
    const int row = m_modulePath->currentRow();
    m_removeDir->setEnabled(any);
    m_upDir->setEnabled(any && row > 0);
    m_downDir->setEnabled(any && row >= 0 && row < m_modulePath->count() - 1);
}

} // namespace Econtext
