#include "ui/connect/hostkeydialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace Econtext {

HostKeyDialog::HostKeyDialog(const PromptRequest &request, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Unknown Host Key"));
    setObjectName(QStringLiteral("HostKeyDialog"));

    const QString target = request.target.isEmpty() ? request.contextName : request.target;

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this)
                            .pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    auto *heading = new QLabel(
            tr("<b>The authenticity of %1 cannot be established.</b>").arg(target.toHtmlEscaped()),
            this);
    heading->setWordWrap(true);

    auto *explanation = new QLabel(
            tr("This is the first connection to this server, or its key is not in your "
               "known_hosts file. If someone intercepts the connection, the server presents a "
               "different key. Compare the fingerprint below with the one its administrator "
               "gives you (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) "
               "before you accept."),
            this);
    explanation->setWordWrap(true);

    auto *form = new QFormLayout;
    auto *host = new QLabel(target.toHtmlEscaped(), this);
    host->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Host:"), host);
    if (!request.contextName.isEmpty() && request.contextName != target) {
        auto *context = new QLabel(request.contextName.toHtmlEscaped(), this);
        form->addRow(tr("Context:"), context);
    }
    auto *keyType = new QLabel(request.keyType.toHtmlEscaped(), this);
    form->addRow(tr("Key type:"), keyType);
    auto *fingerprint = new QLabel(this);
    fingerprint->setTextFormat(Qt::PlainText);
    fingerprint->setText(request.fingerprint);
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setAccessibleName(tr("SHA256 fingerprint"));
    form->addRow(tr("Fingerprint:"), fingerprint);

    auto *choices = new QLabel(tr("<b>Accept once</b> trusts the key for this connection only. "
                                  "<b>Accept and save</b> adds it to known_hosts, and later "
                                  "connections are checked against it."),
                               this);
    choices->setWordWrap(true);

    m_queueNote = new QLabel(this);
    m_queueNote->setVisible(false);
    QFont noteFont = m_queueNote->font();
    noteFont.setItalic(true);
    m_queueNote->setFont(noteFont);

    auto *buttons = new QDialogButtonBox(this);
    m_acceptOnce = buttons->addButton(tr("Accept &Once"), QDialogButtonBox::ActionRole);
    m_acceptSave = buttons->addButton(tr("Accept and &Save"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    // Enter must never trust a key by accident.
    m_acceptOnce->setAutoDefault(false);
    m_acceptSave->setAutoDefault(false);
    m_cancel->setDefault(true);
    m_cancel->setFocus();
    connect(m_acceptOnce, &QPushButton::clicked, this, [this] {
        choose(PromptAnswer::Decision::AcceptOnce);
    });
    connect(m_acceptSave, &QPushButton::clicked, this, [this] {
        choose(PromptAnswer::Decision::AcceptAndSave);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        choose(PromptAnswer::Decision::Cancel);
    });

    auto *text = new QVBoxLayout;
    text->setSpacing(10);
    text->addWidget(heading);
    text->addWidget(explanation);
    text->addLayout(form);
    text->addWidget(choices);
    text->addWidget(m_queueNote);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

HostKeyDialog::~HostKeyDialog() = default;

void HostKeyDialog::setQueueNote(const QString &note)
{
    m_queueNote->setText(note);
    m_queueNote->setVisible(!note.isEmpty());
}

void HostKeyDialog::choose(PromptAnswer::Decision decision)
{
    m_decision = decision;
    done(decision == PromptAnswer::Decision::Cancel ? QDialog::Rejected : QDialog::Accepted);
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

void HostKeyDialog::showEvent(QShowEvent *event)
{
    // Word-wrapped labels need the height for the width the dialog really got.
    if (layout() && layout()->hasHeightForWidth()) {
        const int height = layout()->heightForWidth(width());
        if (height > this->height())
            resize(width(), height);
    }
    QDialog::showEvent(event);
}

} // namespace Econtext
