// Stream's batches: log rows and import events gathered on the broker thread and handed to
// the application's thread, and the back-pressure between the two (docs/protocol.md §7).
#include "core/broker/stream.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBroker)

namespace Econtext {

namespace {

// Output handed to the application but not processed yet, per context.
constexpr qint64 DeliveryHighWater = 16 * 1024 * 1024;
constexpr qint64 DeliveryLowWater = 4 * 1024 * 1024;
// A consumer that blocks its thread (e.g. waiting for a call of this very context)
// must not deadlock the stream: when it has not got further for this long, reading resumes.
constexpr qint64 DeliveryStallMs = 5000;
// Rows of output handed over in one signal at most (a frame may hold millions).
constexpr qsizetype MaxRowsPerEmit = 16384;

} // namespace

void Stream::addRecord(const LogRecord &record)
{
    m_logBatch.append(record);
    scheduleFlush();
}

void Stream::addImportEvent(ImportEvent event)
{
    m_importBatch.append(std::move(event));
    scheduleFlush();
}

void Stream::scheduleFlush()
{
    if (!m_flushTimer.isActive() || m_flushTimer.remainingTime() > FlushIntervalMs)
        m_flushTimer.start(FlushIntervalMs);
}

void Stream::noteEmitted(qint64 bytes)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        return;
    m_emitted += bytes;
    // One marker at a time, queued behind what was emitted: when the application's
    // thread runs it, everything emitted before it was processed there.
    if (!m_delivery->markerPending.exchange(true)) {
        QMetaObject::invokeMethod(
                app,
                [delivery = m_delivery, mark = m_emitted] {
                    delivery->delivered = mark;
                    delivery->markerPending = false;
                },
                Qt::QueuedConnection);
    }
    updateReading();
}

qint64 Stream::undelivered() const
{
    return m_emitted - m_delivery->delivered;
}

void Stream::updateReading()
{
    if (!m_readingPaused && m_transport && undelivered() + m_heldCost > DeliveryHighWater) {
        qCDebug(lcBroker) << m_d->name << "consumer behind by" << undelivered() << "bytes,"
                          << m_heldCost << "held: pausing";
        m_readingPaused = true;
        m_transport->pauseReading();
    }
    if ((m_heldCost > 0 || m_readingPaused) && !m_deliveryTimer.isActive()) {
        m_lastDelivered = m_delivery->delivered;
        m_deliveredAt.start();
        m_deliveryTimer.start();
    }
}

void Stream::emitLogRows(bool all)
{
    // In slices, each once the application is not far behind: another context's rows never
    // wait behind millions of this one's, and a consumer's work per event stays bounded.
    m_heldCost = 0;
    while (!m_logBatch.isEmpty() && (all || undelivered() <= DeliveryLowWater)) {
        const LogRecords slice = m_logBatch.takeFirst(MaxRowsPerEmit);
        Q_EMIT m_context->logRecordsReceived(slice);
        noteEmitted(slice.deliveryCost());
    }
    if (!m_logBatch.isEmpty()) {
        m_heldCost = m_logBatch.deliveryCost();
        updateReading();
    }
}

void Stream::checkDelivery()
{
    if (undelivered() > 0 && !m_delivery->markerPending)
        noteEmitted(0); // a new marker for what was emitted since the last one
    const qint64 delivered = m_delivery->delivered;
    if (delivered != m_lastDelivered) {
        m_lastDelivered = delivered;
        m_deliveredAt.start();
    }
    const bool stalled = m_deliveredAt.elapsed() > DeliveryStallMs;
    if (stalled) {
        qCWarning(lcBroker).noquote()
                << tr("The application has not processed the output of %1 for %2 s; reading "
                      "it again.")
                           .arg(m_d->name)
                           .arg(DeliveryStallMs / 1000);
        m_deliveredAt.start();
    }
    if (m_heldCost > 0)
        emitLogRows(stalled);
    if (m_readingPaused && m_transport
        && (undelivered() + m_heldCost <= DeliveryLowWater || stalled)) {
        m_readingPaused = false;
        m_transport->resumeReading();
    }
    if ((!m_readingPaused || !m_transport) && m_heldCost == 0)
        m_deliveryTimer.stop();
}

void Stream::flushBatches()
{
    m_flushTimer.stop();
    // Module requests whose context report never came still get their row.
    if (!m_awaitingRoundtrip.isEmpty()) {
        const double cutoff = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 - 5.0;
        for (auto it = m_awaitingRoundtrip.begin(); it != m_awaitingRoundtrip.end();) {
            if (it->time < cutoff) {
                m_importBatch.append(it.value());
                it = m_awaitingRoundtrip.erase(it);
            } else {
                ++it;
            }
        }
        if (!m_awaitingRoundtrip.isEmpty())
            m_flushTimer.start(1000);
    }
    if (!m_logBatch.isEmpty())
        emitLogRows(m_phase == Phase::Closed);
    if (!m_importBatch.isEmpty())
        Q_EMIT m_context->importEventsReceived(std::exchange(m_importBatch, {}));
}

} // namespace Econtext
