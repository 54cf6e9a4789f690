// ImportTotals: running import figures per context and overall, summed from
// ImportEvents as they arrive — roundtrips, modules sent, sent ahead, cache
// hits, roundtrips avoided, bytes — plus per-second buckets for the live chart.
// A plain value kept by ImportsPane; ImportChart reads its series.
#pragma once

#include "core/records/importevent.h"

#include <QHash>
#include <QList>

#include <map>

namespace Econtext {

struct ImportCounts
{
    qint64 imports = 0;       // imports the context made or asked for (every outcome but related)
    qint64 roundtrips = 0;    // GET_MODULE requests answered by the master (served, notfound,
                              // native, refused); the module server calls them requests
    qint64 modulesSent = 0;   // served + sent ahead
    qint64 relatedSent = 0;   // sent ahead with another request
    qint64 cacheHits = 0;     // sent-ahead modules the context used
    qint64 negativeHits = 0;  // negative-cache hits in the context
    qint64 local = 0;         // imported from the context's own disk
    qint64 notFound = 0;      // notfound, native and refused answers
    qint64 parentHits = 0;    // requests a parent context answered from its relay cache
    qint64 parentModules = 0; // modules it sent in those answers
    qint64 bytesRaw = 0;
    qint64 bytesCompressed = 0;
    double roundtripMsSum = 0; // over measured roundtrips
    qint64 roundtripsMeasured = 0;

    // Requests the context did not have to make: cache hits plus negative-cache hits.
    qint64 roundtripsAvoided() const { return cacheHits + negativeHits + parentHits; }
    double averageRoundtripMs() const
    {
        return roundtripsMeasured > 0 ? roundtripMsSum / double(roundtripsMeasured) : -1.0;
    }
};

struct ImportBucket
{
    qint64 second = 0; // seconds since the epoch (floor of the event times)
    qint64 roundtrips = 0;
    qint64 modulesSent = 0;
    qint64 bytesRaw = 0;
    qint64 bytesCompressed = 0;
};

class ImportTotals
{
public:
    ImportTotals();

    void addEvents(const ImportEvents &events);
    void addEvent(const ImportEvent &event);
    void clear();

    // Figures of one context; 0 gives the overall totals.
    ImportCounts counts(quint32 contextId = 0) const;
    QList<quint32> contextIds() const;

    // Buckets older than this many seconds before the newest are dropped (default 600).
    int historySeconds() const { return m_historySeconds; }
    void setHistorySeconds(int seconds);

    // One bucket per second in [fromSecond, toSecond], zero-filled, for one context (0 = all).
    QList<ImportBucket> series(quint32 contextId, qint64 fromSecond, qint64 toSecond) const;
    // The newest second with an event, 0 if none.
    qint64 lastSecond() const { return m_lastSecond; }

    // The outcome of a request the master answered (a roundtrip the context waited for).
    static bool isRoundtrip(ImportOutcome outcome);

private:
    using Series = std::map<qint64, ImportBucket>;
    void addTo(ImportCounts &counts, const ImportEvent &event) const;
    void trim(Series &series) const;

    ImportCounts m_total;
    QHash<quint32, ImportCounts> m_perContext;
    Series m_totalSeries;
    QHash<quint32, Series> m_contextSeries;
    qint64 m_lastSecond = 0;
    int m_historySeconds = 600;
};

} // namespace Econtext
