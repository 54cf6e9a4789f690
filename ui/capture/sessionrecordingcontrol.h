// SessionRecordingControl: the main window's session-capture actions in one
// place — "Record Session…" (asks for a file, starts a SessionRecorder on the
// broker), "Stop Recording" and "Open Capture…" (CaptureViewer) — with their
// enabled states kept right and failures shown as one message. The main window
// adds the actions to its File menu; it holds no recording logic itself.
#pragma once

#include <QObject>
#include <QPointer>
#include <QToolButton>

class QAction;
class QWidget;

namespace Econtext {

class Broker;
class SessionRecorder;

class SessionRecordingControl : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRecordingControl)
public:
    // `window` parents the dialogs and, when it is a QMainWindow, shows status messages.
    SessionRecordingControl(Broker *broker, QWidget *window);
    ~SessionRecordingControl() override;

    QAction *recordAction() const { return m_recordAction; }
    QAction *stopAction() const { return m_stopAction; }
    QAction *openCaptureAction() const { return m_openAction; }
    SessionRecorder *recorder() const { return m_recorder; }
    // The "● REC" shown while recording (in the status bar of a QMainWindow window).
    QToolButton *indicator() const { return m_indicator; }

    // Starts recording to a file without asking; false with a message on failure.
    bool startRecording(const QString &fileName, QString *errorMessage);
    void stopRecording();

Q_SIGNALS:
    // For the status bar: "Recording to …", "Session saved to …".
    void statusMessage(const QString &message);

private:
    void recordWithDialog();
    void updateActions();

    QPointer<QWidget> m_window;
    SessionRecorder *m_recorder = nullptr;
    QAction *m_recordAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_openAction = nullptr;
    QPointer<QToolButton> m_indicator;
};

} // namespace Econtext
