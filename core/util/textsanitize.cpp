#include "core/util/textsanitize.h"

namespace Econtext {

QString sanitizeForTerminal(QStringView text)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c == 0x1b || c == 0x9b) {
            // CSI: ESC [ params final (0x40-0x7e); OSC: ESC ] ... BEL or ESC \.
            const bool csi = c == 0x9b || (i + 1 < n && text[i + 1] == u'[');
            const bool osc = c == 0x1b && i + 1 < n && text[i + 1] == u']';
            if (csi) {
                i += c == 0x9b ? 0 : 1;
                while (i + 1 < n
                       && !(text[i + 1].unicode() >= 0x40 && text[i + 1].unicode() <= 0x7e))
                    ++i;
                ++i; // the final byte
            } else if (osc) {
                ++i;
                while (i + 1 < n && text[i + 1] != u'\a'
                       && !(text[i + 1] == u'\x1b' && i + 2 < n && text[i + 2] == u'\\'))
                    ++i;
                if (i + 1 < n)
                    i += text[i + 1] == u'\a' ? 1 : 2;
            } else if (i + 1 < n) {
                ++i; // ESC plus one character (e.g. ESC c, ESC 7)
            }
            continue;
        }
        if ((c < 0x20 && c != u'\t' && c != u'\n') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            out += QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0'));
            continue;
        }
        out += QChar(c);
    }
    return out;
}

} // namespace Econtext
