#include "ui/capture/sessionrecordingcontrol.h"

#include "core/session/sessionrecorder.h"
#include "ui/capture/captureviewer.h"
#include "ui/icons.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolButton>

namespace Econtext {

SessionRecordingControl::SessionRecordingControl(Broker *broker, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_recorder(new SessionRecorder(broker, this))
{
    m_recordAction = new QAction(
            Icons::themed(QStringLiteral("media-record"), QIcon()), tr("&Record Session…"), this);
    m_recordAction->setToolTip(tr("Record what every context reports to a capture file"));
    connect(m_recordAction, &QAction::triggered, this, &SessionRecordingControl::recordWithDialog);

    m_stopAction = new QAction(Icons::themed(QStringLiteral("media-playback-stop"), QIcon()),
                               tr("S&top Recording"),
                               this);
    connect(m_stopAction, &QAction::triggered, this, &SessionRecordingControl::stopRecording);

    m_openAction = new QAction(
            Icons::themed(QStringLiteral("document-open"), QIcon()), tr("Open &Capture…"), this);
    m_openAction->setToolTip(tr("Show a recorded session"));
    connect(m_openAction, &QAction::triggered, this, [this] {
        CaptureViewer::openWithDialog(m_window);
    });

    connect(m_recorder, &SessionRecorder::recordingStarted, this, [this](const QString &file) {
        updateActions();
        Q_EMIT statusMessage(tr("Recording the session to %1").arg(QDir::toNativeSeparators(file)));
    });
    connect(m_recorder, &SessionRecorder::recordingStopped, this, [this](const QString &file) {
        updateActions();
        Q_EMIT statusMessage(tr("Session saved to %1").arg(QDir::toNativeSeparators(file)));
    });
    connect(m_recorder, &SessionRecorder::failed, this, [this](const QString &reason) {
        updateActions();
        Q_EMIT statusMessage(reason);
        QMessageBox::warning(m_window, tr("Record Session"), reason);
    });
    // While recording, a red "REC" stays in the window's status bar (or wherever the
    // window puts indicator()), with the file in its tool tip; clicking it stops.
    m_indicator = new QToolButton(window);
    m_indicator->setObjectName(QStringLiteral("recordingIndicator"));
    m_indicator->setAutoRaise(true);
    m_indicator->setText(tr("● REC"));
    m_indicator->setAccessibleName(tr("Recording the session"));
    QPalette red = m_indicator->palette();
    red.setColor(QPalette::ButtonText, QColor(0xd0, 0x20, 0x20));
    m_indicator->setPalette(red);
    QFont bold = m_indicator->font();
    bold.setBold(true);
    m_indicator->setFont(bold);
    m_indicator->setVisible(false);
    connect(m_indicator, &QToolButton::clicked, this, &SessionRecordingControl::stopRecording);
    if (auto *main = qobject_cast<QMainWindow *>(window)) {
        connect(this, &SessionRecordingControl::statusMessage, main, [main](const QString &m) {
            main->statusBar()->showMessage(m, 8000);
        });
        main->statusBar()->addPermanentWidget(m_indicator);
    }
    updateActions();
}

SessionRecordingControl::~SessionRecordingControl() = default;

bool SessionRecordingControl::startRecording(const QString &fileName, QString *errorMessage)
{
    const Result<void> started = m_recorder->start(fileName);
    if (!started && errorMessage)
        *errorMessage = started.errorString();
    updateActions();
    return bool(started);
}

void SessionRecordingControl::stopRecording()
{
    m_recorder->stop();
    updateActions();
}

void SessionRecordingControl::recordWithDialog()
{
    const QString dir = CaptureViewer::captureDirectory();
    const QString suggested
            = dir + QStringLiteral("/session-")
              + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
              + QStringLiteral(".jsonl");
    QString fileName = QFileDialog::getSaveFileName(
            m_window, tr("Record Session"), suggested, tr("Session captures (*.jsonl)"));
    if (fileName.isEmpty())
        return;
    CaptureViewer::rememberCaptureDirectory(fileName);
    if (!fileName.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive))
        fileName += QStringLiteral(".jsonl");
    QString error;
    if (!startRecording(fileName, &error))
        QMessageBox::warning(m_window, tr("Record Session"), error);
}

void SessionRecordingControl::updateActions()
{
    const bool recording = m_recorder->isRecording();
    m_recordAction->setEnabled(!recording);
    m_stopAction->setEnabled(recording);
    if (m_indicator) {
        m_indicator->setVisible(recording);
        m_indicator->setToolTip(
                recording ? tr("Recording the session to %1 — click to stop")
                                    .arg(QDir::toNativeSeparators(m_recorder->fileName()))
                          : QString());
    }
}

} // namespace Econtext
