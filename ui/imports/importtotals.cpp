#include "ui/imports/importtotals.h"

#include <algorithm>
#include <cmath>

namespace Econtext {

ImportTotals::ImportTotals() = default;

bool ImportTotals::isRoundtrip(ImportOutcome outcome)
{
    return outcome == ImportOutcome::Served || outcome == ImportOutcome::NotFound
           || outcome == ImportOutcome::Native || outcome == ImportOutcome::Refused;
}

void ImportTotals::addTo(ImportCounts &c, const ImportEvent &e) const
{
    const ImportOutcome o = e.outcome;
    const bool parent = o == ImportOutcome::Parent;
    if (o != ImportOutcome::Related && (!parent || e.module == e.requestedBy))
        ++c.imports;
    if (parent) {
        ++c.parentModules;
        if (e.module == e.requestedBy)
            ++c.parentHits;
        return;
    }
    if (isRoundtrip(o)) {
        ++c.roundtrips;
        if (e.roundtripMs >= 0) {
            c.roundtripMsSum += e.roundtripMs;
            ++c.roundtripsMeasured;
        }
    }
    if (e.wasSent()) {
        ++c.modulesSent;
        if (o == ImportOutcome::Related)
            ++c.relatedSent;
        c.bytesRaw += e.bytesRaw;
        c.bytesCompressed += e.bytesCompressed;
    } else if (o == ImportOutcome::Cached) {
        ++c.cacheHits;
    } else if (o == ImportOutcome::Negative) {
        ++c.negativeHits;
    } else if (o == ImportOutcome::Local) {
        ++c.local;
    } else if (isRoundtrip(o)) {
        ++c.notFound;
    }
}

void ImportTotals::addEvent(const ImportEvent &e)
{
    addTo(m_total, e);
    addTo(m_perContext[e.contextId], e);

    const bool roundtrip = isRoundtrip(e.outcome);
    const bool sent = e.wasSent();
    if (!roundtrip && !sent)
        return;
    const auto second = qint64(std::floor(e.time));
    m_lastSecond = std::max(m_lastSecond, second);
    for (Series *series : {&m_totalSeries, &m_contextSeries[e.contextId]}) {
        ImportBucket &b = (*series)[second];
        b.second = second;
        if (roundtrip)
            ++b.roundtrips;
        if (sent) {
            ++b.modulesSent;
            b.bytesRaw += e.bytesRaw;
            b.bytesCompressed += e.bytesCompressed;
        }
    }
}

void ImportTotals::addEvents(const ImportEvents &events)
{
    for (const ImportEvent &e : events)
        addEvent(e);
    trim(m_totalSeries);
    for (Series &series : m_contextSeries)
        trim(series);
}

void ImportTotals::trim(Series &series) const
{
    const qint64 oldest = m_lastSecond - m_historySeconds;
    series.erase(series.begin(), series.lower_bound(oldest));
}

void ImportTotals::clear()
{
    m_total = {};
    m_perContext.clear();
    m_totalSeries.clear();
    m_contextSeries.clear();
    m_lastSecond = 0;
}

ImportCounts ImportTotals::counts(quint32 contextId) const
{
    return contextId == 0 ? m_total : m_perContext.value(contextId);
}

QList<quint32> ImportTotals::contextIds() const
{
    QList<quint32> ids = m_perContext.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ImportTotals::setHistorySeconds(int seconds)
{
    m_historySeconds = std::max(1, seconds);
    trim(m_totalSeries);
    for (Series &series : m_contextSeries)
        trim(series);
}

QList<ImportBucket>
ImportTotals::series(quint32 contextId, qint64 fromSecond, qint64 toSecond) const
{
    QList<ImportBucket> out;
    if (toSecond < fromSecond)
        return out;
    out.reserve(qsizetype(toSecond - fromSecond + 1));
    for (qint64 s = fromSecond; s <= toSecond; ++s) {
        ImportBucket b;
        b.second = s;
        out.append(b);
    }
    const Series *series = nullptr;
    if (contextId == 0) {
        series = &m_totalSeries;
    } else {
        const auto it = m_contextSeries.constFind(contextId);
        if (it == m_contextSeries.constEnd())
            return out;
        series = &*it;
    }
    for (auto it = series->lower_bound(fromSecond); it != series->end() && it->first <= toSecond;
         ++it)
        out[qsizetype(it->first - fromSecond)] = it->second;
    return out;
}

} // namespace Econtext
