// GuiPrompter: questions asked from another thread (as the broker thread does) come up as
// dialogs on the GUI thread while the asking thread carries on; the answer reaches the
// reply function exactly once. Host key (accept once / accept and save / cancel),
// password and passphrase, keyboard-interactive questions, one dialog at a time, and
// cancellation of what is still open when the prompter goes away.
#include "ui/connect/guiprompter.h"
#include "ui/connect/hostkeydialog.h"
#include "ui/connect/passworddialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMutex>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace Econtext;

namespace {

// What a reply function saw, written from whatever thread it runs on.
struct ReplyLog
{
    QMutex mutex;
    QList<PromptAnswer> answers;
    QThread *thread = nullptr;

    int count()
    {
        QMutexLocker lock(&mutex);
        return int(answers.size());
    }
    PromptAnswer at(int i)
    {
        QMutexLocker lock(&mutex);
        return answers.at(i);
    }
};

// Calls ask() on a thread of its own, like the broker thread, and records that ask()
// returned before anybody answered.
struct AskingThread
{
    std::unique_ptr<QThread> thread;
    std::atomic<bool> returned{false};

    void start(GuiPrompter *prompter, const PromptRequest &request, std::shared_ptr<ReplyLog> log)
    {
        thread.reset(QThread::create([this, prompter, request, log] {
            prompter->ask(request, [log](const PromptAnswer &answer) {
                QMutexLocker lock(&log->mutex);
                log->answers.append(answer);
                log->thread = QThread::currentThread();
            });
            returned = true;
        }));
        thread->start();
    }
    ~AskingThread()
    {
        if (thread)
            thread->wait();
    }
};

template<typename T>
T *visibleDialog()
{
    const QList<QWidget *> widgets = QApplication::topLevelWidgets();
    for (QWidget *w : widgets) {
        if (auto *d = qobject_cast<T *>(w); d && d->isVisible())
            return d;
    }
    return nullptr;
}

template<typename T>
int visibleCount()
{
    int n = 0;
    const QList<QWidget *> widgets = QApplication::topLevelWidgets();
    for (QWidget *w : widgets) {
        if (qobject_cast<T *>(w) && w->isVisible())
            ++n;
    }
    return n;
}

PromptRequest hostKeyRequest(const QString &host)
{
    PromptRequest r;
    r.kind = PromptRequest::Kind::UnknownHostKey;
    r.contextName = host;
    r.target = QStringLiteral("root@%1:22").arg(host);
    r.keyType = QStringLiteral("ssh-ed25519");
    r.fingerprint = QStringLiteral("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    return r;
}

} // namespace

class tst_GuiPrompter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostKeyAcceptOnce_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<int>("decision");
        QTest::newRow("accept once") << "once" << int(PromptAnswer::Decision::AcceptOnce);
        QTest::newRow("accept and save") << "save" << int(PromptAnswer::Decision::AcceptAndSave);
        QTest::newRow("cancel") << "cancel" << int(PromptAnswer::Decision::Cancel);
        QTest::newRow("closed") << "close" << int(PromptAnswer::Decision::Cancel);
    }

    void hostKeyAcceptOnce()
    {
        QFETCH(QString, button);
        QFETCH(int, decision);
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        AskingThread asking;
        asking.start(&prompter, hostKeyRequest(QStringLiteral("web1")), log);

        // The asking thread is done long before anyone answers: ask() did not block it.
        QVERIFY(asking.thread->wait(30000));
        QVERIFY(asking.returned);
        QCOMPARE(log->count(), 0);

        HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<HostKeyDialog>()));
        QCOMPARE(prompter.pendingCount(), 1);
        auto *fingerprint = dialog->findChild<QLabel *>(QStringLiteral("fingerprint"));
        QVERIFY(fingerprint);
        QCOMPARE(fingerprint->text(), hostKeyRequest(QString()).fingerprint);
        QVERIFY(fingerprint->font().fixedPitch() || QFontInfo(fingerprint->font()).fixedPitch());
        QVERIFY(!dialog->isModal() || dialog->windowModality() != Qt::ApplicationModal);
        // Enter must not accept a key.
        QVERIFY(dialog->cancelButton()->isDefault());

        if (button == QLatin1String("once"))
            QTest::mouseClick(dialog->acceptOnceButton(), Qt::LeftButton);
        else if (button == QLatin1String("save"))
            QTest::mouseClick(dialog->acceptAndSaveButton(), Qt::LeftButton);
        else if (button == QLatin1String("cancel"))
            QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        else
            dialog->close();

        QTRY_COMPARE(log->count(), 1);
        QCOMPARE(int(log->at(0).decision), decision);
        QVERIFY(log->at(0).text.isEmpty());
        QCOMPARE(prompter.pendingCount(), 0);
        QTRY_COMPARE(visibleCount<HostKeyDialog>(), 0);
        QTest::qWait(0);
        QCOMPARE(log->count(), 1); // exactly once
    }

    void password()
    {
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        PromptRequest request;
        request.kind = PromptRequest::Kind::Password;
        request.contextName = QStringLiteral("db");
        request.target = QStringLiteral("alice@db.example.com");
        AskingThread asking;
        asking.start(&prompter, request, log);
        QVERIFY(asking.thread->wait(30000));
        QVERIFY(asking.returned);

        PasswordDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<PasswordDialog>()));
        QPointer<QLineEdit> edit = dialog->lineEdit();
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *l) {
            return l->text().contains(QLatin1String("alice@db.example.com"));
        }));

        QTest::keyClicks(edit, QStringLiteral("s3cret pass"));
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 1);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Text);
        QCOMPARE(log->at(0).text, QStringLiteral("s3cret pass"));
        QCOMPARE(log->thread, qApp->thread()); // answered on the GUI thread
        // The secret left the widget as soon as it was handed on.
        if (edit) {
            QVERIFY(edit->text().isEmpty());
            QVERIFY(!edit->isUndoAvailable());
        }
    }

    void passphraseCancelled()
    {
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        PromptRequest request;
        request.kind = PromptRequest::Kind::Passphrase;
        request.identityFile = QStringLiteral("/home/alice/.ssh/id_ed25519");
        request.prompt
                = QStringLiteral("Wrong passphrase. Passphrase for /home/alice/.ssh/id_ed25519:");
        AskingThread asking;
        asking.start(&prompter, request, log);

        PasswordDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<PasswordDialog>()));
        const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *l) {
            return l->text().contains(QLatin1String("id_ed25519"));
        }));
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *l) {
            return l->text().startsWith(QLatin1String("Wrong passphrase"));
        }));
        QTest::keyClicks(dialog->lineEdit(), QStringLiteral("typed but cancelled"));
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 1);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Cancel);
        QVERIFY(log->at(0).text.isEmpty());
    }

    void questionWithEcho()
    {
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        PromptRequest request;
        request.kind = PromptRequest::Kind::Question;
        request.target = QStringLiteral("host");
        request.prompt = QStringLiteral("Verification code: ");
        request.echo = true;
        AskingThread asking;
        asking.start(&prompter, request, log);
        PasswordDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<PasswordDialog>()));
        QCOMPARE(dialog->lineEdit()->echoMode(), QLineEdit::Normal);
        QTest::keyClicks(dialog->lineEdit(), QStringLiteral("123456"));
        QTest::keyClick(dialog->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(log->count(), 1);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Text);
        QCOMPARE(log->at(0).text, QStringLiteral("123456"));
    }

    void oneDialogAtATime()
    {
        QWidget window;
        window.resize(400, 300);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GuiPrompter prompter(&window);
        auto log = std::make_shared<ReplyLog>();
        AskingThread a, b, c;
        a.start(&prompter, hostKeyRequest(QStringLiteral("h1")), log);
        b.start(&prompter, hostKeyRequest(QStringLiteral("h2")), log);
        c.start(&prompter, hostKeyRequest(QStringLiteral("h3")), log);
        QTRY_COMPARE(prompter.pendingCount(), 3);

        for (int i = 0; i < 3; ++i) {
            QTRY_VERIFY(qobject_cast<HostKeyDialog *>(prompter.currentDialog()));
            auto *dialog = qobject_cast<HostKeyDialog *>(prompter.currentDialog());
            QTRY_VERIFY(dialog->isVisible());
            QCOMPARE(dialog->parentWidget(), &window);
            QCOMPARE(dialog->windowModality(), Qt::WindowModal);
            const QList<HostKeyDialog *> children = window.findChildren<HostKeyDialog *>();
            QCOMPARE(std::count_if(children.cbegin(),
                                   children.cend(),
                                   [](const HostKeyDialog *d) { return d->isVisible(); }),
                     1);
            QTest::mouseClick(dialog->acceptAndSaveButton(), Qt::LeftButton);
            QTRY_COMPARE(log->count(), i + 1);
        }
        QCOMPARE(prompter.pendingCount(), 0);
    }

    void cancelledWhenDestroyed()
    {
        auto log = std::make_shared<ReplyLog>();
        {
            GuiPrompter prompter;
            AskingThread a, b;
            a.start(&prompter, hostKeyRequest(QStringLiteral("h1")), log);
            b.start(&prompter, hostKeyRequest(QStringLiteral("h2")), log);
            QTRY_COMPARE(prompter.pendingCount(), 2);
            QTRY_VERIFY(visibleDialog<HostKeyDialog>());
        }
        QCOMPARE(log->count(), 2);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Cancel);
        QCOMPARE(log->at(1).decision, PromptAnswer::Decision::Cancel);
        QTRY_COMPARE(visibleCount<HostKeyDialog>(), 0);
    }

    void changedKeyRefusal()
    {
        const QString reason = QStringLiteral(
                "The host key of root@web1:22 has changed: the server offered ssh-ed25519 "
                "SHA256:abc but /root/.ssh/known_hosts line 3 has another key.");
        QVERIFY(HostKeyDialog::isChangedKeyRefusal(reason));
        QVERIFY(!HostKeyDialog::isChangedKeyRefusal(QStringLiteral("Connection refused.")));

        QPointer<QMessageBox> box = HostKeyDialog::showChangedKeyRefusal(nullptr, reason);
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QCOMPARE(box->detailedText(), reason);
        QCOMPARE(box->icon(), QMessageBox::Critical);
        box->button(QMessageBox::Close)->click();
        QTRY_VERIFY(!box); // deletes itself
    }
};

QTEST_MAIN(tst_GuiPrompter)
#include "tst_guiprompter.moc"
