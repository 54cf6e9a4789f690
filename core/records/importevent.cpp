#include "core/records/importevent.h"

namespace Econtext {

namespace {

constexpr std::array<QLatin1StringView, allImportOutcomes.size()> s_keywords{
        QLatin1StringView("served"),
        QLatin1StringView("related"),
        QLatin1StringView("parent"),
        QLatin1StringView("cached"),
        QLatin1StringView("negative"),
        QLatin1StringView("local"),
        QLatin1StringView("notfound"),
        QLatin1StringView("native"),
        QLatin1StringView("refused"),
};

} // namespace

QString importOutcomeKeyword(ImportOutcome outcome)
{
    return QString(s_keywords[std::size_t(outcome)]);
}

std::optional<ImportOutcome> importOutcomeFromKeyword(QStringView keyword)
{
    for (std::size_t i = 0; i < s_keywords.size(); ++i) {
        if (keyword == s_keywords[i])
            return ImportOutcome(i);
    }
    return std::nullopt;
}

} // namespace Econtext
