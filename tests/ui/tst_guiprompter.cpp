// GuiPrompter: questions asked from another thread (as the broker thread does) come up as
// dialogs on the GUI thread while the asking thread carries on; the answer reaches the
// reply function exactly once. Host keys (per row accept / reject, accept once or save,
// Accept All, Reject All) all in one dialog, twenty at once included; passwords,
// passphrases and keyboard-interactive questions one at a time; questions of a context
// that failed are dropped; what is still open when the prompter goes away is cancelled.
#include "core/broker/broker.h"
#include "tests/support/monospace.h"
#include "ui/connect/guiprompter.h"
#include "ui/connect/hostkeydialog.h"
#include "ui/connect/passworddialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMutex>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeWidget>

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
    void hostKeyAnswer_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<bool>("save");
        QTest::addColumn<int>("decision");
        QTest::newRow("row accept, once")
                << "row-accept" << false << int(PromptAnswer::Decision::AcceptOnce);
        QTest::newRow("row accept, save")
                << "row-accept" << true << int(PromptAnswer::Decision::AcceptAndSave);
        QTest::newRow("row reject") << "row-reject" << true << int(PromptAnswer::Decision::Cancel);
        QTest::newRow("accept all")
                << "accept-all" << true << int(PromptAnswer::Decision::AcceptAndSave);
        QTest::newRow("reject all") << "reject-all" << true << int(PromptAnswer::Decision::Cancel);
        QTest::newRow("closed") << "close" << true << int(PromptAnswer::Decision::Cancel);
        QTest::newRow("escape") << "escape" << false << int(PromptAnswer::Decision::Cancel);
    }

    void hostKeyAnswer()
    {
        QFETCH(QString, button);
        QFETCH(bool, save);
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
        QCOMPARE(dialog->questionCount(), 1);
        auto *fingerprint = dialog->findChild<QLabel *>(QStringLiteral("fingerprint"));
        QVERIFY(fingerprint);
        QCOMPARE(fingerprint->text(), hostKeyRequest(QString()).fingerprint);
        // The fingerprint's characters line up, in the font the label really shows.
        const QString unequal = Test::unequalAdvances(fingerprint->font(), fingerprint->text());
        QVERIFY2(unequal.isEmpty(), qPrintable(unequal));
        QTreeWidgetItem *row = dialog->table()->topLevelItem(0);
        QCOMPARE(row->text(HostKeyDialog::HostColumn), QStringLiteral("root@web1:22"));
        QCOMPARE(row->text(HostKeyDialog::KeyTypeColumn), QStringLiteral("ssh-ed25519"));
        QCOMPARE(row->text(HostKeyDialog::FingerprintColumn),
                 hostKeyRequest(QString()).fingerprint);
        const QString unequalInRow
                = Test::unequalAdvances(row->font(HostKeyDialog::FingerprintColumn),
                                        row->text(HostKeyDialog::FingerprintColumn));
        QVERIFY2(unequalInRow.isEmpty(), qPrintable(unequalInRow));
        QVERIFY(!dialog->isModal() || dialog->windowModality() != Qt::ApplicationModal);
        // Enter must not accept a key.
        QVERIFY(dialog->rejectAllButton()->isDefault());
        QVERIFY(!dialog->acceptAllButton()->isDefault());
        dialog->saveCheckBox()->setChecked(save);

        const quint64 id = dialog->questionIds().value(0);
        if (button == QLatin1String("row-accept"))
            QTest::mouseClick(dialog->rowButton(id, true), Qt::LeftButton);
        else if (button == QLatin1String("row-reject"))
            QTest::mouseClick(dialog->rowButton(id, false), Qt::LeftButton);
        else if (button == QLatin1String("accept-all"))
            QTest::mouseClick(dialog->acceptAllButton(), Qt::LeftButton);
        else if (button == QLatin1String("reject-all"))
            QTest::mouseClick(dialog->rejectAllButton(), Qt::LeftButton);
        else if (button == QLatin1String("escape"))
            QTest::keyClick(dialog, Qt::Key_Escape);
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

    void twentyHostKeysOneDialog()
    {
        QWidget window;
        window.resize(400, 300);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        GuiPrompter prompter(&window);
        QSignalSpy shown(&prompter, &GuiPrompter::promptShown);
        auto log = std::make_shared<ReplyLog>();
        std::vector<std::unique_ptr<AskingThread>> threads;
        for (int i = 0; i < 20; ++i) {
            threads.push_back(std::make_unique<AskingThread>());
            threads.back()->start(&prompter, hostKeyRequest(QStringLiteral("new%1").arg(i)), log);
        }
        QTRY_COMPARE(prompter.pendingCount(), 20);
        QTRY_COMPARE(prompter.pendingHostKeyCount(), 20);
        auto *dialog = qobject_cast<HostKeyDialog *>(prompter.currentDialog());
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        // Exactly one dialog, listing every question.
        QCOMPARE(visibleCount<HostKeyDialog>(), 1);
        QCOMPARE(window.findChildren<HostKeyDialog *>().size(), 1);
        QTRY_COMPARE(dialog->questionCount(), 20);
        QCOMPARE(dialog->table()->topLevelItemCount(), 20);
        QCOMPARE(shown.count(), 20);
        QSet<QString> hosts;
        for (int i = 0; i < 20; ++i)
            hosts.insert(dialog->table()->topLevelItem(i)->text(HostKeyDialog::ContextColumn));
        QCOMPARE(hosts.size(), 20);
        QVERIFY(dialog->heading().contains(QLatin1String("20")));

        QTest::mouseClick(dialog->acceptAllButton(), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(log->at(i).decision, PromptAnswer::Decision::AcceptAndSave);
        QCOMPARE(prompter.pendingCount(), 0);
        QTRY_COMPARE(visibleCount<HostKeyDialog>(), 0);
        QTest::qWait(0);
        QCOMPARE(log->count(), 20);
    }

    void rowsJoinOpenDialog()
    {
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        AskingThread a;
        a.start(&prompter, hostKeyRequest(QStringLiteral("first")), log);
        HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<HostKeyDialog>()));
        QPointer<HostKeyDialog> guard(dialog);
        AskingThread b, c;
        b.start(&prompter, hostKeyRequest(QStringLiteral("second")), log);
        c.start(&prompter, hostKeyRequest(QStringLiteral("third")), log);
        QTRY_COMPARE(dialog->questionCount(), 3);
        QCOMPARE(visibleCount<HostKeyDialog>(), 1);
        // Answer the middle row only: the others stay.
        const quint64 second = dialog->questionIds().at(1);
        QTest::mouseClick(dialog->rowButton(second, false), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 1);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Cancel);
        QCOMPARE(dialog->questionCount(), 2);
        QVERIFY(dialog->isVisible());
        QTest::mouseClick(dialog->rejectAllButton(), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 3);
        QTRY_VERIFY(!guard);
    }

    void passwordsOneAtATime()
    {
        GuiPrompter prompter;
        auto log = std::make_shared<ReplyLog>();
        std::vector<std::unique_ptr<AskingThread>> threads;
        for (int i = 0; i < 3; ++i) {
            PromptRequest request;
            request.kind = PromptRequest::Kind::Password;
            request.contextName = QStringLiteral("pw%1").arg(i);
            request.target = QStringLiteral("alice@pw%1").arg(i);
            threads.push_back(std::make_unique<AskingThread>());
            threads.back()->start(&prompter, request, log);
        }
        QTRY_COMPARE(prompter.pendingCount(), 3);
        for (int i = 0; i < 3; ++i) {
            PasswordDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = visibleDialog<PasswordDialog>()));
            QCOMPARE(visibleCount<PasswordDialog>(), 1);
            QTest::keyClicks(dialog->lineEdit(), QStringLiteral("secret%1").arg(i));
            QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QTRY_COMPARE(log->count(), i + 1);
        }
        QCOMPARE(prompter.pendingCount(), 0);
    }

    void droppedWhenContextGoes()
    {
        GuiPrompter prompter;
        QSignalSpy dropped(&prompter, &GuiPrompter::promptDropped);
        auto log = std::make_shared<ReplyLog>();
        auto otherLog = std::make_shared<ReplyLog>();
        AskingThread a, b;
        a.start(&prompter, hostKeyRequest(QStringLiteral("doomed")), log);
        b.start(&prompter, hostKeyRequest(QStringLiteral("alive")), otherLog);
        HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleDialog<HostKeyDialog>()));
        QTRY_COMPARE(dialog->questionCount(), 2);

        // A password question waiting behind the dialog, for the same context.
        PromptRequest pw;
        pw.kind = PromptRequest::Kind::Password;
        pw.contextName = QStringLiteral("doomed");
        AskingThread c;
        c.start(&prompter, pw, log);
        QTRY_COMPARE(prompter.pendingCount(), 3);

        // A real context with that name fails (its Python does not exist).
        Broker broker;
        prompter.setBroker(&broker);
        ConnectOptions options;
        options.method = ConnectMethod::Local;
        options.name = QStringLiteral("doomed");
        options.python = QStringLiteral("/nonexistent/python9");
        Context *context = broker.connectContext(options);
        QTRY_COMPARE_WITH_TIMEOUT(context->state(), ContextState::Failed, 30000);
        QTRY_COMPARE(dropped.count(), 2);
        QTRY_COMPARE(log->count(), 2);
        QCOMPARE(log->at(0).decision, PromptAnswer::Decision::Cancel);
        QCOMPARE(log->at(1).decision, PromptAnswer::Decision::Cancel);
        QCOMPARE(otherLog->count(), 0);
        QCOMPARE(prompter.pendingCount(), 1);
        QCOMPARE(dialog->questionCount(), 1);
        QCOMPARE(dialog->table()->topLevelItem(0)->text(HostKeyDialog::ContextColumn),
                 QStringLiteral("alive"));

        // Dropping the last row closes the dialog; nothing else comes up.
        QPointer<HostKeyDialog> guard(dialog);
        QCOMPARE(prompter.dropQuestionsFor(QStringLiteral("alive")), 1);
        QCOMPARE(otherLog->count(), 1);
        QCOMPARE(otherLog->at(0).decision, PromptAnswer::Decision::Cancel);
        QTRY_VERIFY(!guard);
        QCOMPARE(prompter.pendingCount(), 0);
        QVERIFY(!prompter.currentDialog());
        prompter.setBroker(nullptr);
        broker.shutdownAll();
    }

    // Two contexts with one name: a question that says which context asks goes with that
    // context alone (by name it would be ambiguous and stay).
    void droppedByContextId()
    {
        GuiPrompter prompter;
        Broker broker;
        prompter.setBroker(&broker);
        ConnectOptions alive;
        alive.method = ConnectMethod::Local;
        alive.name = QStringLiteral("twin");
        alive.python = QStringLiteral("/usr/bin/python3");
        Context *living = broker.connectContext(alive);
        QTRY_COMPARE_WITH_TIMEOUT(living->state(), ContextState::Connected, 30000);
        // An "interpreter" that gives up after a second: time to ask its question first.
        QTemporaryDir dir;
        const QString fake = dir.filePath(QStringLiteral("python"));
        QFile script(fake);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nsleep 1\nexit 3\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        ConnectOptions doomed = alive;
        doomed.python = fake;

        auto livingLog = std::make_shared<ReplyLog>();
        auto doomedLog = std::make_shared<ReplyLog>();
        PromptRequest forLiving = hostKeyRequest(QStringLiteral("twin"));
        forLiving.contextId = living->id();
        AskingThread a;
        a.start(&prompter, forLiving, livingLog);
        QTRY_COMPARE(prompter.pendingCount(), 1);

        Context *failing = broker.connectContext(doomed);
        QCOMPARE(failing->name(), QStringLiteral("twin-2"));
        PromptRequest forFailing = hostKeyRequest(QStringLiteral("twin"));
        forFailing.contextId = failing->id();
        AskingThread b;
        b.start(&prompter, forFailing, doomedLog);
        QTRY_COMPARE_WITH_TIMEOUT(failing->state(), ContextState::Failed, 30000);
        QTRY_COMPARE(doomedLog->count(), 1);
        QCOMPARE(doomedLog->at(0).decision, PromptAnswer::Decision::Cancel);
        QCOMPARE(livingLog->count(), 0);
        QCOMPARE(prompter.pendingCount(), 1);
        HostKeyDialog *dialog = visibleDialog<HostKeyDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->questionCount(), 1);
        prompter.cancelAll();
        QTRY_COMPARE(livingLog->count(), 1);
        prompter.setBroker(nullptr);
        broker.shutdownAll();
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

        // Host keys share one dialog; a password waits for it.
        PromptRequest pw;
        pw.kind = PromptRequest::Kind::Password;
        pw.contextName = QStringLiteral("h4");
        AskingThread d;
        d.start(&prompter, pw, log);
        QTRY_COMPARE(prompter.pendingCount(), 4);
        QTRY_VERIFY(qobject_cast<HostKeyDialog *>(prompter.currentDialog()));
        auto *dialog = qobject_cast<HostKeyDialog *>(prompter.currentDialog());
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->parentWidget(), &window);
        QCOMPARE(dialog->windowModality(), Qt::WindowModal);
        QTRY_COMPARE(dialog->questionCount(), 3);
        QCOMPARE(visibleCount<PasswordDialog>(), 0);
        for (int i = 0; i < 3; ++i) {
            QTest::mouseClick(dialog->rowButton(dialog->questionIds().first(), true),
                              Qt::LeftButton);
            QTRY_COMPARE(log->count(), i + 1);
        }
        PasswordDialog *password = nullptr;
        QTRY_VERIFY((password = qobject_cast<PasswordDialog *>(prompter.currentDialog())));
        QTRY_VERIFY(password->isVisible());
        QCOMPARE(visibleCount<HostKeyDialog>(), 0);
        QCOMPARE(password->parentWidget(), &window);
        QTest::mouseClick(password->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QTRY_COMPARE(log->count(), 4);
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
