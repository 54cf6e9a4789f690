#include "ui/connect/passworddialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Econtext {

PasswordDialog::PasswordDialog(const PromptRequest &request, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("PasswordDialog"));
    const QString target = request.target.isEmpty() ? request.contextName : request.target;
    QString title;
    QString text;
    bool echo = false;
    switch (request.kind) {
    case PromptRequest::Kind::Passphrase:
        title = tr("Key Passphrase");
        text = tr("Enter the passphrase for the key %1:")
                       .arg(QDir::toNativeSeparators(request.identityFile));
        break;
    case PromptRequest::Kind::Password:
        title = tr("Password");
        text = tr("Enter the password for %1:").arg(target);
        break;
    case PromptRequest::Kind::Question:
    case PromptRequest::Kind::UnknownHostKey: // not asked here; handled like a question
        title = tr("Question from %1").arg(target);
        text = request.prompt.trimmed().isEmpty() ? tr("The server asks for an answer:")
                                                  : request.prompt.trimmed();
        echo = request.echo;
        break;
    }
    setWindowTitle(title);

    auto *label = new QLabel(this);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setText(text);

    // The transport's own note ("Wrong passphrase. ...") when it differs from ours.
    QLabel *detail = nullptr;
    if (request.kind != PromptRequest::Kind::Question && !request.prompt.trimmed().isEmpty()) {
        detail = new QLabel(this);
        detail->setTextFormat(Qt::PlainText);
        detail->setWordWrap(true);
        detail->setText(request.prompt.trimmed());
    }
    QLabel *context = nullptr;
    if (!request.contextName.isEmpty() && request.contextName != target) {
        context = new QLabel(tr("Context: %1").arg(request.contextName), this);
        context->setTextFormat(Qt::PlainText);
    }

    m_edit = new QLineEdit(this);
    m_edit->setEchoMode(echo ? QLineEdit::Normal : QLineEdit::Password);
    m_edit->setAccessibleName(title);
    label->setBuddy(m_edit);

    m_show = new QCheckBox(tr("S&how text"), this);
    m_show->setChecked(echo);
    m_show->setVisible(!echo);
    connect(m_show, &QCheckBox::toggled, this, [this](bool show) {
        m_edit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });

    m_queueNote = new QLabel(this);
    m_queueNote->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    if (detail)
        layout->addWidget(detail);
    if (context)
        layout->addWidget(context);
    layout->addWidget(m_edit);
    layout->addWidget(m_show);
    layout->addWidget(m_queueNote);
    layout->addWidget(m_buttons);
    setMinimumWidth(400);
    m_edit->setFocus();
}

PasswordDialog::~PasswordDialog()
{
    m_edit->clear();
}

void PasswordDialog::setQueueNote(const QString &note)
{
    m_queueNote->setText(note);
    m_queueNote->setVisible(!note.isEmpty());
}

QString PasswordDialog::takeText()
{
    const QString text = m_edit->text();
    // clear() also drops the undo history; setText() would keep the secret there.
    m_edit->clear();
    m_edit->setModified(false);
    return text;
}

void PasswordDialog::showEvent(QShowEvent *event)
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
