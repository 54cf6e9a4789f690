// SessionRecorder: writes everything a Broker's contexts report — contexts, state
// changes, facts, bootstrap stages, log records, import events, finished calls and
// a stats snapshot per second — to a capture file (JSON Lines,
// docs/capture-format.md) that SessionCapture reads back and the GUI's
// CaptureViewer shows offline. Call arguments and results, passwords and
// connection options other than the method and description are never written.
// Lives in the thread that creates it (the GUI thread); context signals reach it
// queued. The file is flushed on a short timer, so a crash loses at most the
// last fraction of a second and leaves a file SessionCapture still reads.
#pragma once

#include "core/broker/context.h"
#include "core/util/result.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class QFile;
class QJsonObject;
class QTimer;

namespace Econtext {

class Broker;

class SessionRecorder : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRecorder)
public:
    explicit SessionRecorder(Broker *broker, QObject *parent = nullptr);
    ~SessionRecorder() override; // stops a running recording

    // Creates (or truncates) the file, writes the header and the contexts that already
    // exist with their current state, facts and timeline, then follows the broker.
    Result<void> start(const QString &fileName);
    // Writes a last stats snapshot and the end line, flushes and closes. No-op when idle.
    void stop();

    bool isRecording() const;
    QString fileName() const { return m_fileName; }
    // Lines written after the header since start().
    qint64 eventCount() const { return m_eventCount; }
    // ms between stats snapshots (default 1000) and between flushes (default 200).
    void setStatsInterval(int ms);
    void setFlushInterval(int ms);

Q_SIGNALS:
    void recordingStarted(const QString &fileName);
    void recordingStopped(const QString &fileName);
    // Writing failed (disk full, file removed...); the recording has stopped.
    void failed(const QString &reason);

private:
    struct Followed
    {
        QPointer<Context> context;
        ContextStats lastStats;
        bool statsWritten = false;
        bool ended = false; // Disconnected or Failed; one last snapshot, then none
    };

    void addContext(Context *context, bool existing);
    void writeEvent(quint32 contextId, QLatin1StringView type, QJsonObject fields);
    void writeLine(const QByteArray &line);
    void writeStats(bool final);
    void flush();
    void fail(const QString &reason);
    void closeFile();

    QPointer<Broker> m_broker;
    std::unique_ptr<QFile> m_file;
    QString m_fileName;
    QElapsedTimer m_clock;
    QHash<quint32, Followed> m_contexts;
    QList<QMetaObject::Connection> m_connections;
    QTimer *m_statsTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
    qint64 m_eventCount = 0;
};

} // namespace Econtext
