#include "ui/connect/hostkeydialog.h"

#include "ui/widgets/fixedfont.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Econtext {

namespace {

constexpr int IdRole = Qt::UserRole + 1;

} // namespace

HostKeyDialog::HostKeyDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Unknown Host Key"));
    setObjectName(QStringLiteral("HostKeyDialog"));

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this)
                            .pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);

    auto *explanation = new QLabel(
            tr("This is the first connection to these servers, or their keys are not in your "
               "known_hosts file. If someone intercepts a connection, the server presents a "
               "different key. Compare each fingerprint with the one the server's "
               "administrator gives you (on the server: ssh-keygen -lf "
               "/etc/ssh/ssh_host_ed25519_key.pub) before you accept."),
            this);
    explanation->setWordWrap(true);

    const QFont fixed = fixedFont();
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("hostKeyTable"));
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setHeaderLabels(
            {tr("Host"), tr("Context"), tr("Key Type"), tr("SHA256 Fingerprint"), QString()});
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(FingerprintColumn, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Host keys waiting for an answer"));
    connect(m_table, &QTreeWidget::currentItemChanged, this, &HostKeyDialog::updateDetails);

    auto *fingerprintTitle = new QLabel(tr("Fingerprint:"), this);
    m_fingerprint = new QLabel(this);
    m_fingerprint->setTextFormat(Qt::PlainText);
    m_fingerprint->setFont(fixed);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse
                                           | Qt::TextSelectableByKeyboard);
    m_fingerprint->setObjectName(QStringLiteral("fingerprint"));
    m_fingerprint->setAccessibleName(tr("SHA256 fingerprint"));
    auto *fingerprintRow = new QHBoxLayout;
    fingerprintRow->addWidget(fingerprintTitle);
    fingerprintRow->addWidget(m_fingerprint, 1);

    m_save = new QCheckBox(tr("&Save accepted keys in known_hosts"), this);
    m_save->setChecked(true);
    m_save->setToolTip(tr("Saved keys are checked on later connections; otherwise a key is "
                          "trusted for this connection only."));

    m_queueNote = new QLabel(this);
    m_queueNote->setVisible(false);
    QFont noteFont = m_queueNote->font();
    noteFont.setItalic(true);
    m_queueNote->setFont(noteFont);

    auto *buttons = new QDialogButtonBox(this);
    m_acceptAll = buttons->addButton(tr("&Accept All"), QDialogButtonBox::ActionRole);
    m_rejectAll = buttons->addButton(tr("&Reject All"), QDialogButtonBox::RejectRole);
    // Enter must never trust a key by accident.
    m_acceptAll->setAutoDefault(false);
    m_rejectAll->setDefault(true);
    connect(m_acceptAll, &QPushButton::clicked, this, &HostKeyDialog::acceptAll);
    connect(m_rejectAll, &QPushButton::clicked, this, &HostKeyDialog::rejectAll);

    auto *text = new QVBoxLayout;
    text->setSpacing(10);
    text->addWidget(m_heading);
    text->addWidget(explanation);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(fingerprintRow);
    layout->addWidget(m_save);
    layout->addWidget(m_queueNote);
    layout->addWidget(buttons);
    setMinimumWidth(640);
    resize(820, 440);
    updateDetails();
}

HostKeyDialog::~HostKeyDialog() = default;

void HostKeyDialog::addQuestion(quint64 id, const PromptRequest &request)
{
    const QString target = request.target.isEmpty() ? request.contextName : request.target;
    auto *item = new QTreeWidgetItem;
    item->setText(HostColumn, target);
    item->setText(ContextColumn, request.contextName);
    item->setText(KeyTypeColumn, request.keyType);
    item->setText(FingerprintColumn, request.fingerprint);
    item->setFont(FingerprintColumn, fixedFont());
    item->setToolTip(FingerprintColumn, request.fingerprint);
    item->setData(HostColumn, IdRole, QVariant::fromValue(id));
    m_table->addTopLevelItem(item);

    auto *actions = new QWidget(m_table);
    auto *row = new QHBoxLayout(actions);
    row->setContentsMargins(0, 0, 0, 0);
    auto *accept = new QPushButton(tr("Accept"), actions);
    accept->setObjectName(QStringLiteral("accept"));
    accept->setAutoDefault(false);
    accept->setAccessibleName(tr("Accept the key of %1").arg(target));
    auto *reject = new QPushButton(tr("Reject"), actions);
    reject->setObjectName(QStringLiteral("reject"));
    reject->setAutoDefault(false);
    reject->setAccessibleName(tr("Reject the key of %1").arg(target));
    row->addWidget(accept);
    row->addWidget(reject);
    connect(accept, &QPushButton::clicked, this, [this, id] { answer(id, true); });
    connect(reject, &QPushButton::clicked, this, [this, id] { answer(id, false); });
    m_table->setItemWidget(item, ActionColumn, actions);

    if (!m_table->currentItem())
        m_table->setCurrentItem(item);
    for (int c = HostColumn; c < FingerprintColumn; ++c)
        m_table->resizeColumnToContents(c);
    m_table->resizeColumnToContents(ActionColumn);
    updateDetails();
}

QTreeWidgetItem *HostKeyDialog::itemFor(quint64 id) const
{
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_table->topLevelItem(i);
        if (item->data(HostColumn, IdRole).value<quint64>() == id)
            return item;
    }
    return nullptr;
}

bool HostKeyDialog::removeQuestion(quint64 id)
{
    QTreeWidgetItem *item = itemFor(id);
    if (!item)
        return false;
    delete item;
    updateDetails();
    finishIfEmpty();
    return true;
}

int HostKeyDialog::questionCount() const
{
    return m_table->topLevelItemCount();
}

QList<quint64> HostKeyDialog::questionIds() const
{
    QList<quint64> ids;
    for (int i = 0; i < m_table->topLevelItemCount(); ++i)
        ids << m_table->topLevelItem(i)->data(HostColumn, IdRole).value<quint64>();
    return ids;
}

QPushButton *HostKeyDialog::rowButton(quint64 id, bool accept) const
{
    QTreeWidgetItem *item = itemFor(id);
    if (!item)
        return nullptr;
    QWidget *actions = m_table->itemWidget(item, ActionColumn);
    return actions ? actions->findChild<QPushButton *>(accept ? QStringLiteral("accept")
                                                              : QStringLiteral("reject"))
                   : nullptr;
}

void HostKeyDialog::answer(quint64 id, bool accept)
{
    QTreeWidgetItem *item = itemFor(id);
    if (!item)
        return;
    delete item;
    const PromptAnswer::Decision decision
            = !accept ? PromptAnswer::Decision::Cancel
                      : (m_save->isChecked() ? PromptAnswer::Decision::AcceptAndSave
                                             : PromptAnswer::Decision::AcceptOnce);
    Q_EMIT questionAnswered(id, decision);
    updateDetails();
    finishIfEmpty();
}

void HostKeyDialog::acceptAll()
{
    const QList<quint64> ids = questionIds();
    for (const quint64 id : ids)
        answer(id, true);
}

void HostKeyDialog::rejectAll()
{
    const QList<quint64> ids = questionIds();
    for (const quint64 id : ids)
        answer(id, false);
}

void HostKeyDialog::reject()
{
    // Closing the window answers what is still open: nothing is trusted by default.
    if (!m_finishing) {
        m_finishing = true;
        rejectAll();
    }
    QDialog::reject();
}

void HostKeyDialog::finishIfEmpty()
{
    if (m_finishing || questionCount() > 0)
        return;
    m_finishing = true;
    done(QDialog::Accepted);
}

void HostKeyDialog::setQueueNote(const QString &note)
{
    m_queueNote->setText(note);
    m_queueNote->setVisible(!note.isEmpty());
}

QString HostKeyDialog::heading() const
{
    return m_heading->text();
}

void HostKeyDialog::updateDetails()
{
    const int count = questionCount();
    m_heading->setText(QStringLiteral("<b>%1</b>")
                               .arg(tr("The authenticity of %n server(s) cannot be established.",
                                       nullptr,
                                       count)
                                            .toHtmlEscaped()));
    QTreeWidgetItem *current = m_table->currentItem();
    if (!current && count > 0)
        current = m_table->topLevelItem(0);
    m_fingerprint->setText(current ? current->text(FingerprintColumn) : QString());
    m_acceptAll->setEnabled(count > 0);
    m_rejectAll->setEnabled(count > 0);
}

QMessageBox *HostKeyDialog::showChangedKeyRefusal(QWidget *parent, const QString &details)
{
    auto *box = new QMessageBox(parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Critical);
    box->setWindowTitle(tr("Host Key Changed"));
    box->setText(tr("The server's host key has changed, so the connection was refused."));
    box->setInformativeText(
            tr("Someone may be intercepting the connection (a man-in-the-middle attack), or the "
               "server was reinstalled or given a new key. Ask its administrator for the new "
               "fingerprint; if it is genuine, remove the old key with “ssh-keygen -R HOST” "
               "and connect again."));
    box->setDetailedText(details);
    box->setStandardButtons(QMessageBox::Close);
    box->setObjectName(QStringLiteral("ChangedHostKeyBox"));
    if (parent)
        box->setWindowModality(Qt::WindowModal);
    box->open();
    return box;
}

bool HostKeyDialog::isChangedKeyRefusal(const QString &reason)
{
    // The ssh transport says "The host key of HOST has changed: ..." (see sshtransport.cpp).
    return reason.contains(QLatin1String("host key"), Qt::CaseInsensitive)
           && reason.contains(QLatin1String("changed"), Qt::CaseInsensitive);
}

} // namespace Econtext
