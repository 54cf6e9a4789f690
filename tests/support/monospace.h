// Whether text lines up in columns as the user sees it: every character of the text
// advances by the same width in the font (QFontMetricsF), whatever fontconfig says about
// the font's pitch. Header-only: only the GUI tests (which link QtGui) include it.
#pragma once

#include <QFontInfo>
#include <QFontMetricsF>
#include <QString>

namespace Econtext::Test {

// Empty when every character of text (line breaks aside) has the same advance in font;
// otherwise a sentence naming the font and two characters that differ.
inline QString unequalAdvances(const QFont &font, const QString &text)
{
    const QFontMetricsF metrics(font);
    QChar first;
    qreal width = -1;
    for (const QChar c : text) {
        if (c == u'\n')
            continue;
        const qreal advance = metrics.horizontalAdvance(c);
        if (width < 0) {
            first = c;
            width = advance;
        } else if (!qFuzzyCompare(advance, width)) {
            return QStringLiteral("In %1, '%2' advances %3 px and '%4' %5 px.")
                    .arg(QFontInfo(font).family(), first)
                    .arg(width)
                    .arg(c)
                    .arg(advance);
        }
    }
    return width > 0 ? QString() : QStringLiteral("No visible text to measure.");
}

// Printable ASCII: what logs, stacks and fingerprints are mostly made of.
inline QString printableAscii()
{
    QString text;
    for (char c = 0x20; c < 0x7f; ++c)
        text += QLatin1Char(c);
    return text;
}

} // namespace Econtext::Test
