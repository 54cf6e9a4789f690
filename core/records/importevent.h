// Import events: one module request or import outcome of a context, as the module server
// and the context report them. The broker hands them to the GUI and CLI in batches; session
// captures keep them. Neutral: broker, modules, session and views all use it.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <array>
#include <optional>

namespace Econtext {

// What became of one module request or import (docs/protocol.md §3, §6).
enum class ImportOutcome : quint8 {
    Served,   // the context asked, the master sent it
    Related,  // the master sent it ahead, with another requested module
    Parent,   // a parent context sent it from what it relayed before
    Cached,   // the context imported a module sent ahead: a roundtrip saved
    Negative, // the context knew the master lacks it: a roundtrip saved
    Local,    // the context imported it from its own disk
    NotFound, // the master does not have it either
    Native,   // a compiled extension, which the master cannot send
    Refused,  // the master refused to send it
};

// Every outcome, in the order views list them.
inline constexpr std::array<ImportOutcome, 9> allImportOutcomes{ImportOutcome::Served,
                                                                ImportOutcome::Related,
                                                                ImportOutcome::Parent,
                                                                ImportOutcome::Cached,
                                                                ImportOutcome::Negative,
                                                                ImportOutcome::Local,
                                                                ImportOutcome::NotFound,
                                                                ImportOutcome::Native,
                                                                ImportOutcome::Refused};

// The unlocalised keyword of an outcome ("served", "related", ..., "notfound"): what the
// context sends, what captures and CSV files hold. Views translate outcomes themselves.
QString importOutcomeKeyword(ImportOutcome outcome);
std::optional<ImportOutcome> importOutcomeFromKeyword(QStringView keyword);

struct ImportEvent
{
    quint32 contextId = 0;
    double time = 0; // seconds since the epoch, on the master
    QString module;
    ImportOutcome outcome = ImportOutcome::Served;
    QString requestedBy; // the GET_MODULE name that caused it (for related)
    QString path;        // file on the master, if any
    bool isPackage = false;
    bool compiled = false; // sent as code compiled on the master (BytecodeCache), not source
    qint64 bytesRaw = 0;
    qint64 bytesCompressed = 0;
    double roundtripMs = -1; // -1 when not measured
    QString sha256;          // hex SHA-256 of the source sent (served and related)

    // The master sent the module's code (served, or sent ahead).
    bool wasSent() const
    {
        return outcome == ImportOutcome::Served || outcome == ImportOutcome::Related;
    }
};

using ImportEvents = QList<ImportEvent>;

} // namespace Econtext

Q_DECLARE_METATYPE(Econtext::ImportEvent)
Q_DECLARE_METATYPE(Econtext::ImportOutcome)
