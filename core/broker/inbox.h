// Inbox: what one context sends, from bytes to whole messages, on the broker thread. It
// reads frames (FrameReader), joins the pieces of a message (MessageAssembler), decodes a
// large pickle on a worker thread while the frames behind it wait, and hands each message
// on in order. One turn of the event loop handles this context's frames for at most
// TurnBudgetMs; then the other contexts' events go first. So no frame and no context can
// hold the broker thread (docs/isolation.md, "Values"). Owned by a Link.
#pragma once

#include "core/util/result.h"
#include "core/wire/assembler.h"
#include "core/wire/frame.h"
#include "core/wire/value.h"

#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>

namespace Econtext {

class Inbox : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Inbox)
public:
    // Frames whose pickle is larger than this are decoded on a worker thread.
    static constexpr qsizetype DecodeAsideFrom = 64 * 1024;
    // One turn of the event loop handles this context's frames for at most this long.
    static constexpr int TurnBudgetMs = 5;
    // Bytes read ahead while frames wait (for a decode, or for the next turn): beyond this
    // the transport is asked to stop reading until they are handled.
    static constexpr qsizetype ReadAheadLimit = 8 * 1024 * 1024;

    // A whole message; decoded is its pickle when it was decoded aside (the frame's payload
    // is then empty; size is what it was), else null. Returns false when nothing more is
    // to be handed on (the stream closed).
    using MessageHandler = std::function<bool(
            const Wire::Frame &frame, const Result<Wire::Value> *decoded, qsizetype size)>;
    // A message refused while being joined (too large, broken into): its header and why.
    using RefusalHandler = std::function<bool(const Wire::Frame &header, const QString &why)>;
    // The stream is unreadable (bad frame): one sentence.
    using FailureHandler = std::function<void(const QString &why)>;
    // Stop (true) or resume (false) reading the transport.
    using HoldHandler = std::function<void(bool hold)>;

    Inbox(const QByteArray &key, qsizetype maxMessage, QObject *parent = nullptr);
    ~Inbox() override;

    void setHandlers(MessageHandler message,
                     RefusalHandler refusal,
                     FailureHandler failure,
                     HoldHandler hold);
    void feed(const QByteArray &data);
    // Frees what is held; nothing more is handed on (the context is gone).
    void close();
    qsizetype buffered() const;
    bool isHolding() const { return m_holding; }

private:
    void process();
    void scheduleProcess();
    void decodeAside(Wire::Frame frame);
    void decoded(const Wire::Frame &header, const Result<Wire::Value> &value, qsizetype size);
    void hold(bool on);

    // Shared with the workers decoding for this inbox: inbox is null once it is gone.
    struct Guard
    {
        QMutex mutex;
        Inbox *inbox = nullptr;
    };

    std::unique_ptr<Wire::FrameReader> m_reader;
    std::unique_ptr<Wire::MessageAssembler> m_assembler;
    MessageHandler m_onMessage;
    RefusalHandler m_onRefusal;
    FailureHandler m_onFailure;
    HoldHandler m_onHold;
    bool m_decoding = false;  // a message is being decoded aside; the rest waits
    bool m_scheduled = false; // the next turn is posted
    bool m_holding = false;
    bool m_closed = false;
    std::shared_ptr<Guard> m_guard;
};

} // namespace Econtext
