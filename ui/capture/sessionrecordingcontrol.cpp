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
    if (auto *main = qobject_cast<QMainWindow *>(window)) {
        connect(this, &SessionRecordingControl::statusMessage, main, [main](const QString &m) {
            main->statusBar()->showMessage(m, 8000);
        });
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
}

} // namespace Econtext
