#include "core/broker/inbox.h"

#include "core/wire/pickle.h"

#include <QElapsedTimer>
#include <QThreadPool>

#include <utility>

namespace Econtext {

using Wire::Frame;

Inbox::Inbox(const QByteArray &key, qsizetype maxMessage, QObject *parent)
    : QObject(parent)
    , m_reader(std::make_unique<Wire::FrameReader>(key))
    , m_assembler(std::make_unique<Wire::MessageAssembler>(maxMessage))
    , m_guard(std::make_shared<Guard>())
{
    m_guard->inbox = this;
}

Inbox::~Inbox()
{
    QMutexLocker lock(&m_guard->mutex);
    m_guard->inbox = nullptr;
}

void Inbox::setHandlers(MessageHandler message,
                        RefusalHandler refusal,
                        FailureHandler failure,
                        HoldHandler hold)
{
    m_onMessage = std::move(message);
    m_onRefusal = std::move(refusal);
    m_onFailure = std::move(failure);
    m_onHold = std::move(hold);
}

qsizetype Inbox::buffered() const
{
    return m_closed ? 0 : m_reader->buffered() + m_assembler->buffered();
}

void Inbox::feed(const QByteArray &data)
{
    if (m_closed)
        return;
    m_reader->feed(data);
    if (!m_decoding && !m_scheduled)
        process();
    else
        hold(m_reader->buffered() > ReadAheadLimit);
}

void Inbox::close()
{
    if (m_closed)
        return;
    m_closed = true;
    // What was read ahead and the pieces joined so far are freed now, not with the stream.
    m_reader.reset();
    m_assembler.reset();
}

void Inbox::hold(bool on)
{
    // Holding is asked again each time: back-pressure may have resumed reading meanwhile.
    if (!on && !m_holding)
        return;
    m_holding = on;
    if (m_onHold)
        m_onHold(on);
}

void Inbox::scheduleProcess()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &Inbox::process, Qt::QueuedConnection);
}

void Inbox::process()
{
    m_scheduled = false;
    if (m_closed || m_decoding)
        return;
    QElapsedTimer turn;
    turn.start();
    Frame frame;
    QString error;
    for (;;) {
        if (turn.elapsed() >= TurnBudgetMs) {
            scheduleProcess();
            break;
        }
        const Wire::FrameReader::Status status = m_reader->next(&frame, &error);
        if (status == Wire::FrameReader::Status::NeedMore)
            break;
        if (status == Wire::FrameReader::Status::Failed) {
            close();
            m_onFailure(error);
            return;
        }
        QString why;
        switch (m_assembler->add(&frame, &why)) {
        case Wire::MessageAssembler::Status::Partial:
            continue;
        case Wire::MessageAssembler::Status::Refused:
            if (!m_onRefusal(frame, why)) {
                close();
                return;
            }
            continue;
        case Wire::MessageAssembler::Status::Complete:
            break;
        }
        if (!(frame.flags & Wire::FlagRaw) && frame.payload.size() > DecodeAsideFrom) {
            decodeAside(std::move(frame));
            break;
        }
        if (!m_onMessage(frame, nullptr, frame.payload.size())) {
            close();
            return;
        }
        if (m_closed)
            return;
    }
    hold((m_decoding || m_scheduled) && m_reader->buffered() > ReadAheadLimit);
}

// The pickle is decoded by a worker thread; the message is handed on from this thread when
// it is done, then the frames behind it. If the inbox goes first, the result is dropped:
// the worker posts it under the guard's lock, which the inbox's destructor takes too, and
// a QObject's posted events go with it.
void Inbox::decodeAside(Frame frame)
{
    m_decoding = true;
    // The worker holds the only reference to the payload: a bytes object that is nearly
    // all of it becomes the value without a copy.
    QByteArray payload = std::exchange(frame.payload, QByteArray());
    QThreadPool::globalInstance()->start(
            [guard = m_guard, header = std::move(frame), payload = std::move(payload)]() mutable {
                const qsizetype size = payload.size();
                Result<Wire::Value> value = Wire::decodePickle(std::move(payload));
                QMutexLocker lock(&guard->mutex);
                if (Inbox *inbox = guard->inbox) {
                    QMetaObject::invokeMethod(
                            inbox,
                            [inbox, header = std::move(header), value = std::move(value), size] {
                                inbox->decoded(header, value, size);
                            },
                            Qt::QueuedConnection);
                }
            });
}

void Inbox::decoded(const Frame &header, const Result<Wire::Value> &value, qsizetype size)
{
    m_decoding = false;
    if (m_closed)
        return;
    if (!m_onMessage(header, &value, size)) {
        close();
        return;
    }
    if (!m_closed)
        process();
}

} // namespace Econtext
