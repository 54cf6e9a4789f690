#include "ui/multirun/multirundialog.h"

#include "core/broker/broker.h"
#include "ui/icons.h"
#include "ui/multirun/multirunmodel.h"
#include "ui/widgets/fixedfont.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace Econtext {

namespace {
const QString kKindKey = QStringLiteral("multiRun/kind");
const QString kGroupedKey = QStringLiteral("multiRun/grouped");
const QString kGeometryKey = QStringLiteral("multiRun/geometry");
constexpr int kIdRole = Qt::UserRole + 1;
} // namespace

MultiRunDialog::MultiRunDialog(Broker *broker, QWidget *parent)
    : QDialog(parent)
    , m_broker(broker)
    , m_model(new MultiRunModel(this))
    , m_runner(new MultiRunner(m_model, this))
{
    setWindowTitle(tr("Run on Several Contexts"));
    setAttribute(Qt::WA_DeleteOnClose, false);
    const QFont fixed = fixedFont();

    // Left: which contexts.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *contextsLabel = new QLabel(tr("&Connected contexts:"), left);
    m_contexts = new QListWidget(left);
    m_contexts->setSelectionMode(QAbstractItemView::ExtendedSelection);
    contextsLabel->setBuddy(m_contexts);
    auto *allButton = new QPushButton(tr("Select &All"), left);
    auto *noneButton = new QPushButton(tr("Select &None"), left);
    auto *selectRow = new QHBoxLayout;
    selectRow->addWidget(allButton);
    selectRow->addWidget(noneButton);
    leftLayout->addWidget(contextsLabel);
    leftLayout->addWidget(m_contexts, 1);
    leftLayout->addLayout(selectRow);
    connect(allButton, &QPushButton::clicked, this, [this] { setAllChecked(true); });
    connect(noneButton, &QPushButton::clicked, this, [this] { setAllChecked(false); });
    connect(m_contexts, &QListWidget::itemChanged, this, &MultiRunDialog::updateButtons);

    // Right: the command and its results.
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_kindCombo = new QComboBox(right);
    m_kindCombo->addItem(tr("Shell command"), int(MultiRunner::Kind::Shell));
    m_kindCombo->addItem(tr("Python expression"), int(MultiRunner::Kind::Python));
    m_command = new QLineEdit(right);
    m_command->setFont(fixed);
    m_command->setClearButtonEnabled(true);
    m_runButton = new QPushButton(tr("&Run"), right);
    m_runButton->setDefault(true);
    m_stopButton = new QPushButton(tr("&Stop"), right);
    m_stopButton->setToolTip(
            tr("Interrupt the shell commands still running (again: SIGTERM, then SIGKILL)"));
    auto *commandRow = new QHBoxLayout;
    commandRow->addWidget(m_kindCombo);
    commandRow->addWidget(m_command, 1);
    commandRow->addWidget(m_runButton);
    commandRow->addWidget(m_stopButton);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_command->setPlaceholderText(kind() == MultiRunner::Kind::Shell
                                              ? tr("A command for /bin/sh, e.g. uname -a")
                                              : tr("A Python expression, e.g. sys.version"));
    });
    connect(m_command, &QLineEdit::textChanged, this, &MultiRunDialog::updateButtons);
    // Enter in the command line clicks Run, the default button.
    connect(m_runButton, &QPushButton::clicked, this, &MultiRunDialog::run);
    connect(m_stopButton, &QPushButton::clicked, this, &MultiRunDialog::stop);

    m_groupCheck = new QCheckBox(tr("&Group identical outputs"), right);
    m_summary = new QLabel(right);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *optionsRow = new QHBoxLayout;
    optionsRow->addWidget(m_groupCheck);
    optionsRow->addStretch(1);
    optionsRow->addWidget(m_summary);
    connect(m_groupCheck, &QCheckBox::toggled, this, &MultiRunDialog::setGrouped);

    m_results = new QTreeView(right);
    m_results->setModel(m_model);
    m_results->setUniformRowHeights(true);
    m_results->setAlternatingRowColors(true);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setRootIsDecorated(false);
    m_results->header()->setStretchLastSection(true);
    m_results->header()->setSectionResizeMode(MultiRunModel::ContextColumn,
                                              QHeaderView::Interactive);
    m_results->setColumnWidth(MultiRunModel::ContextColumn, 200);
    for (const int c :
         {MultiRunModel::StateColumn, MultiRunModel::ExitColumn, MultiRunModel::DurationColumn})
        m_results->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    auto *outputBox = new QWidget(right);
    auto *outputLayout = new QVBoxLayout(outputBox);
    outputLayout->setContentsMargins(0, 0, 0, 0);
    m_outputTitle = new QLabel(tr("Select a row to see its full output."), outputBox);
    m_outputTitle->setTextFormat(Qt::PlainText);
    m_copyButton = new QPushButton(
            Icons::themed(QStringLiteral("edit-copy"), Icons::actionIcon(QStringLiteral("copy"))),
            tr("&Copy Output"),
            outputBox);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_outputTitle, 1);
    titleRow->addWidget(m_copyButton);
    m_output = new QPlainTextEdit(outputBox);
    m_output->setReadOnly(true);
    m_output->setFont(fixed);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    outputLayout->addLayout(titleRow);
    outputLayout->addWidget(m_output, 1);
    connect(m_copyButton, &QPushButton::clicked, this, &MultiRunDialog::copyOutput);

    auto *resultSplitter = new QSplitter(Qt::Vertical, right);
    resultSplitter->addWidget(m_results);
    resultSplitter->addWidget(outputBox);
    resultSplitter->setStretchFactor(0, 1);
    resultSplitter->setStretchFactor(1, 1);
    rightLayout->addLayout(commandRow);
    rightLayout->addLayout(optionsRow);
    rightLayout->addWidget(resultSplitter, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Enter in the command line runs; it must not close the dialog.
    for (QAbstractButton *b : buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(b))
            push->setAutoDefault(false);
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_results->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            &MultiRunDialog::showSelectedOutput);
    connect(m_model,
            &QAbstractItemModel::dataChanged,
            this,
            [this](const QModelIndex &tl, const QModelIndex &br) {
                const QModelIndex current = m_results->currentIndex();
                if (current.isValid() && current.parent() == tl.parent()
                    && current.row() >= tl.row() && current.row() <= br.row())
                    showSelectedOutput();
                updateSummary();
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &MultiRunDialog::showSelectedOutput);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MultiRunDialog::showSelectedOutput);
    connect(m_runner, &MultiRunner::progressChanged, this, &MultiRunDialog::updateSummary);
    connect(m_runner, &MultiRunner::finished, this, [this] {
        updateButtons();
        updateSummary();
        if (!m_results->currentIndex().isValid() && m_model->rowCount() > 0)
            m_results->setCurrentIndex(m_model->index(0, 0));
    });

    if (m_broker) {
        connect(m_broker, &Broker::contextAdded, this, [this](Context *context) {
            watchContext(context);
            refreshContexts();
        });
        connect(m_broker, &Broker::contextRemoved, this, &MultiRunDialog::refreshContexts);
        for (Context *context : m_broker->contexts())
            watchContext(context);
    }

    QSettings settings;
    setKind(MultiRunner::Kind(settings.value(kKindKey, 0).toInt()));
    m_groupCheck->setChecked(settings.value(kGroupedKey, true).toBool());
    setGrouped(m_groupCheck->isChecked());
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1000, 640);
    Q_EMIT m_kindCombo->currentIndexChanged(m_kindCombo->currentIndex());

    refreshContexts();
    setAllChecked(true);
    updateButtons();
    updateSummary();
    m_command->setFocus();
}

MultiRunDialog::~MultiRunDialog()
{
    QSettings settings;
    settings.setValue(kKindKey, int(kind()));
    settings.setValue(kGroupedKey, m_groupCheck->isChecked());
    settings.setValue(kGeometryKey, saveGeometry());
}

// ------------------------------------------------------------------ contexts

void MultiRunDialog::watchContext(Context *context)
{
    if (!context)
        return;
    connect(context,
            &Context::stateChanged,
            this,
            &MultiRunDialog::refreshContexts,
            Qt::UniqueConnection);
}

void MultiRunDialog::refreshContexts()
{
    QHash<quint32, Qt::CheckState> checks;
    for (int i = 0; i < m_contexts->count(); ++i) {
        const QListWidgetItem *item = m_contexts->item(i);
        checks.insert(item->data(kIdRole).toUInt(), item->checkState());
    }
    const QSignalBlocker blocker(m_contexts);
    m_contexts->clear();
    const QList<Context *> contexts = m_broker ? m_broker->contexts() : QList<Context *>();
    for (Context *context : contexts) {
        if (context->state() != ContextState::Connected)
            continue;
        auto *item = new QListWidgetItem(Icons::stateIcon(context->state()), context->name());
        item->setData(kIdRole, context->id());
        item->setToolTip(context->description());
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        // A context that appears while the dialog is open starts unchecked.
        item->setCheckState(checks.value(context->id(), Qt::Unchecked));
        m_contexts->addItem(item);
    }
    updateButtons();
}

void MultiRunDialog::setAllChecked(bool checked)
{
    for (int i = 0; i < m_contexts->count(); ++i)
        m_contexts->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    updateButtons();
}

void MultiRunDialog::setCheckedContexts(const QList<quint32> &ids)
{
    for (int i = 0; i < m_contexts->count(); ++i) {
        QListWidgetItem *item = m_contexts->item(i);
        item->setCheckState(ids.contains(item->data(kIdRole).toUInt()) ? Qt::Checked
                                                                       : Qt::Unchecked);
    }
    updateButtons();
}

QList<quint32> MultiRunDialog::checkedContexts() const
{
    QList<quint32> ids;
    for (int i = 0; i < m_contexts->count(); ++i) {
        const QListWidgetItem *item = m_contexts->item(i);
        if (item->checkState() == Qt::Checked)
            ids.append(item->data(kIdRole).toUInt());
    }
    return ids;
}

// ------------------------------------------------------------------ running

void MultiRunDialog::setKind(MultiRunner::Kind kind)
{
    m_kindCombo->setCurrentIndex(m_kindCombo->findData(int(kind)));
}

MultiRunner::Kind MultiRunDialog::kind() const
{
    return MultiRunner::Kind(m_kindCombo->currentData().toInt());
}

void MultiRunDialog::setCommand(const QString &command)
{
    m_command->setText(command);
}

void MultiRunDialog::setGrouped(bool grouped)
{
    if (m_groupCheck->isChecked() != grouped)
        m_groupCheck->setChecked(grouped); // comes back here through toggled
    m_model->setGrouped(grouped);
    m_results->setRootIsDecorated(grouped);
    updateSummary();
}

bool MultiRunDialog::run()
{
    const QString command = m_command->text().trimmed();
    if (command.isEmpty()) {
        m_summary->setText(tr("Type a command to run."));
        return false;
    }
    QList<Context *> contexts;
    for (const quint32 id : checkedContexts()) {
        if (Context *context = m_broker ? m_broker->context(id) : nullptr)
            contexts.append(context);
    }
    if (contexts.isEmpty()) {
        m_summary->setText(tr("Check at least one connected context to run on."));
        return false;
    }
    m_output->clear();
    m_outputTitle->setText(tr("Select a row to see its full output."));
    m_runner->start(contexts, command, kind());
    updateButtons();
    updateSummary();
    return true;
}

void MultiRunDialog::stop()
{
    m_runner->stop();
}

void MultiRunDialog::updateButtons()
{
    bool anyChecked = false;
    for (int i = 0; i < m_contexts->count() && !anyChecked; ++i)
        anyChecked = m_contexts->item(i)->checkState() == Qt::Checked;
    m_runButton->setEnabled(anyChecked && !m_command->text().trimmed().isEmpty());
    m_stopButton->setEnabled(m_runner->isRunning() && kind() == MultiRunner::Kind::Shell);
}

QString MultiRunDialog::summaryText() const
{
    return m_summary->text();
}

void MultiRunDialog::updateSummary()
{
    const int total = m_runner->total();
    if (total == 0) {
        m_summary->clear();
        return;
    }
    const int finished = total - m_runner->remaining();
    int failed = 0;
    for (int i = 0; i < m_model->entryCount(); ++i) {
        if (m_model->entryState(i) == MultiRunModel::RunState::Failed)
            ++failed;
    }
    QString text = tr("%1 of %n context(s) finished", nullptr, total).arg(finished);
    if (failed > 0)
        text += tr(" · %n failed", nullptr, failed);
    if (m_model->isGrouped() && m_runner->remaining() == 0)
        text += tr(" · %n distinct output(s)", nullptr, m_model->groupCount());
    m_summary->setText(text);
}

void MultiRunDialog::showSelectedOutput()
{
    const QModelIndex current = m_results->currentIndex();
    if (!current.isValid()) {
        m_outputTitle->setText(tr("Select a row to see its full output."));
        m_output->clear();
        return;
    }
    const QModelIndex first = current.siblingAtColumn(0);
    const QStringList names = first.data(MultiRunModel::ContextNamesRole).toStringList();
    const QString title = names.size() == 1 ? names.constFirst()
                                            : tr("%n context(s): %1", nullptr, int(names.size()))
                                                      .arg(names.join(QStringLiteral(", ")));
    m_outputTitle->setText(m_outputTitle->fontMetrics().elidedText(
            title, Qt::ElideRight, std::max(200, m_outputTitle->width())));
    m_outputTitle->setToolTip(names.size() > 1 ? names.join(u'\n') : QString());
    const QString text = first.data(MultiRunModel::FullOutputRole).toString();
    const QString shown = m_output->toPlainText();
    if (text == shown)
        return;
    // Streaming output grows at the end: append instead of resetting the view.
    if (!shown.isEmpty() && text.startsWith(shown)) {
        QTextCursor cursor(m_output->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(text.mid(shown.size()));
        return;
    }
    m_output->setPlainText(text);
}

void MultiRunDialog::copyOutput()
{
    const QString text = m_output->textCursor().hasSelection()
                                 ? m_output->textCursor().selectedText().replace(
                                         QChar::ParagraphSeparator, u'\n')
                                 : m_output->toPlainText();
    QApplication::clipboard()->setText(text);
}

} // namespace Econtext
