#include "ui/widgets/fixedfont.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QHash>
#include <QLoggingCategory>

namespace Econtext {

namespace {

Q_LOGGING_CATEGORY(lcFonts, "econtext.fonts")

// Families fontconfig marks as fixed pitch first, then the others (Noto Sans Mono, for one,
// is monospaced without being marked): the first whose glyphs line up in the font's size
// and weight, or an empty string.
QString findMonospacedFamily(const QFont &font)
{
    QStringList candidates;
    QStringList unmarked;
    const QStringList families = QFontDatabase::families();
    for (const QString &family : families) {
        if (QFontDatabase::isPrivateFamily(family))
            continue;
        (QFontDatabase::isFixedPitch(family) ? candidates : unmarked).append(family);
    }
    candidates += unmarked;
    for (const QString &family : std::as_const(candidates)) {
        QFont candidate = font;
        candidate.setFamilies({family});
        if (hasEqualAdvances(candidate))
            return family;
    }
    return QString();
}

} // namespace

bool hasEqualAdvances(const QFont &font)
{
    const QFontMetricsF metrics(font);
    const qreal width = metrics.horizontalAdvance(QLatin1Char('M'));
    if (width <= 0)
        return false;
    for (char c = 0x20; c < 0x7f; ++c) {
        if (!qFuzzyCompare(metrics.horizontalAdvance(QLatin1Char(c)), width))
            return false;
    }
    return true;
}

QFont monospacedFont(const QFont &preferred)
{
    QFont font = preferred;
    // Characters the font lacks then come from another monospaced font, not from a
    // proportional one.
    font.setStyleHint(QFont::TypeWriter);
    if (hasEqualAdvances(font))
        return font;
    // The search loads every installed family: once per font asked for (views are built
    // on the GUI thread only).
    static QHash<QString, QString> s_found;
    const QString key = font.key();
    auto it = s_found.constFind(key);
    if (it == s_found.cend()) {
        it = s_found.insert(key, findMonospacedFamily(font));
        if (it->isEmpty())
            qCWarning(lcFonts) << "no monospaced font is installed: columns will not line up";
        else
            qCInfo(lcFonts) << "the fixed font" << QFontInfo(font).family()
                            << "is not monospaced; using" << *it;
    }
    if (!it->isEmpty())
        font.setFamilies({*it});
    return font;
}

QFont fixedFont()
{
    return monospacedFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

} // namespace Econtext
