#include "core/modules/importscanner.h"

#include <QSet>

#include <vector>

namespace Econtext::Modules {

namespace {

struct Token
{
    enum class Type { Name, String, Op, Newline };
    Type type = Type::Op;
    QByteArrayView text;      // Name: the identifier; Op: one character; String: the plain value
    int depth = 0;            // bracket depth after this token
    bool plainString = false; // a str literal without escapes, f-string or bytes prefix
};

bool isIdentStart(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isStringPrefix(QByteArrayView word)
{
    if (word.size() > 2)
        return false;
    for (const char c : word) {
        switch (c) {
        case 'r':
        case 'R':
        case 'b':
        case 'B':
        case 'f':
        case 'F':
        case 'u':
        case 'U':
        case 't':
        case 'T':
            break;
        default:
            return false;
        }
    }
    return true;
}

// Splits Python source into the few tokens the import reader needs. Never fails:
// malformed input yields some tokens and stops at the end.
class Lexer
{
public:
    explicit Lexer(QByteArrayView src)
        : m_s(src)
        , m_n(src.size())
    {}

    std::vector<Token> run()
    {
        std::vector<Token> out;
        out.reserve(static_cast<size_t>(m_n / 4 + 16));
        while (m_p < m_n) {
            const char c = m_s[m_p];
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
                ++m_p;
            } else if (c == '\n') {
                ++m_p;
                if (m_depth == 0 && (out.empty() || out.back().type != Token::Type::Newline))
                    out.push_back({Token::Type::Newline, {}, 0, false});
            } else if (c == '#') {
                while (m_p < m_n && m_s[m_p] != '\n')
                    ++m_p;
            } else if (c == '\\') {
                // Line continuation (or a stray backslash): no token either way.
                ++m_p;
                if (m_p < m_n && m_s[m_p] == '\r')
                    ++m_p;
                if (m_p < m_n && m_s[m_p] == '\n')
                    ++m_p;
            } else if (isIdentStart(c)) {
                const qsizetype start = m_p;
                while (m_p < m_n && isIdentChar(m_s[m_p]))
                    ++m_p;
                const QByteArrayView word = m_s.sliced(start, m_p - start);
                if (m_p < m_n && (m_s[m_p] == '\'' || m_s[m_p] == '"') && isStringPrefix(word))
                    out.push_back(readString(word));
                else
                    out.push_back({Token::Type::Name, word, m_depth, false});
            } else if (c == '\'' || c == '"') {
                out.push_back(readString({}));
            } else if ((c >= '0' && c <= '9')
                       || (c == '.' && m_p + 1 < m_n && m_s[m_p + 1] >= '0'
                           && m_s[m_p + 1] <= '9')) {
                skipNumber();
            } else {
                if (c == '(' || c == '[' || c == '{')
                    ++m_depth;
                else if ((c == ')' || c == ']' || c == '}') && m_depth > 0)
                    --m_depth;
                out.push_back({Token::Type::Op, m_s.sliced(m_p, 1), m_depth, false});
                ++m_p;
            }
        }
        return out;
    }

private:
    void skipNumber()
    {
        while (m_p < m_n) {
            const char c = m_s[m_p];
            if (isIdentChar(c) || c == '.') {
                ++m_p;
            } else if ((c == '+' || c == '-') && (m_s[m_p - 1] == 'e' || m_s[m_p - 1] == 'E')) {
                ++m_p;
            } else {
                break;
            }
        }
    }

    // m_p is at the opening quote; `prefix` the letters before it.
    Token readString(QByteArrayView prefix)
    {
        bool isF = false;
        bool isBytes = false;
        for (const char c : prefix) {
            isF = isF || c == 'f' || c == 'F' || c == 't' || c == 'T';
            isBytes = isBytes || c == 'b' || c == 'B';
        }
        const char q = m_s[m_p];
        const bool triple = m_p + 2 < m_n && m_s[m_p + 1] == q && m_s[m_p + 2] == q;
        m_p += triple ? 3 : 1;
        const qsizetype start = m_p;
        bool escapes = false;
        qsizetype end = m_p;
        while (m_p < m_n) {
            const char c = m_s[m_p];
            if (c == '\\') {
                escapes = true;
                m_p += 2;
            } else if (c == q
                       && (!triple || (m_p + 2 < m_n && m_s[m_p + 1] == q && m_s[m_p + 2] == q))) {
                end = m_p;
                m_p += triple ? 3 : 1;
                break;
            } else if (c == '\n' && !triple) {
                end = m_p; // unterminated: the line ends it, the newline stays a token
                break;
            } else if (isF && c == '{') {
                if (m_p + 1 < m_n && m_s[m_p + 1] == '{') {
                    m_p += 2;
                } else {
                    ++m_p;
                    if (!skipReplacementField(triple))
                        break;
                }
            } else {
                ++m_p;
            }
            end = m_p;
        }
        if (m_p > m_n)
            m_p = m_n;
        if (end > m_n)
            end = m_n;
        Token t{Token::Type::String, m_s.sliced(start, end - start), m_depth, false};
        t.plainString = !isF && !isBytes && !escapes;
        return t;
    }

    // After the '{' of an f-string field: the expression, then an optional
    // conversion and format spec (which may hold nested fields), up to the '}'.
    // Returns false when a single-line string ends inside (malformed source).
    bool skipReplacementField(bool tripleQuoted)
    {
        int depth = 0;
        while (m_p < m_n) {
            const char c = m_s[m_p];
            if (c == '\n' && !tripleQuoted)
                return false;
            if (c == '\'' || c == '"') {
                readString({});
            } else if (isIdentStart(c)) {
                const qsizetype start = m_p;
                while (m_p < m_n && isIdentChar(m_s[m_p]))
                    ++m_p;
                const QByteArrayView word = m_s.sliced(start, m_p - start);
                if (m_p < m_n && (m_s[m_p] == '\'' || m_s[m_p] == '"') && isStringPrefix(word))
                    readString(word);
            } else if (c == '(' || c == '[' || c == '{') {
                ++depth;
                ++m_p;
            } else if (c == ')' || c == ']') {
                depth = depth > 0 ? depth - 1 : 0;
                ++m_p;
            } else if (c == '}') {
                ++m_p;
                if (depth == 0)
                    return true;
                --depth;
            } else if (depth == 0
                       && (c == ':' || (c == '!' && m_p + 1 < m_n && m_s[m_p + 1] != '='))) {
                return skipFormatSpec(tripleQuoted);
            } else {
                ++m_p;
            }
        }
        return false;
    }

    bool skipFormatSpec(bool tripleQuoted)
    {
        while (m_p < m_n) {
            const char c = m_s[m_p];
            if (c == '\n' && !tripleQuoted)
                return false;
            ++m_p;
            if (c == '}')
                return true;
            if (c == '{' && !skipReplacementField(tripleQuoted))
                return false;
        }
        return false;
    }

    QByteArrayView m_s;
    qsizetype m_n = 0;
    qsizetype m_p = 0;
    int m_depth = 0;
};

// Reads import statements out of the token list.
class Reader
{
public:
    Reader(const std::vector<Token> &tokens, const QString &fullname, bool isPackage)
        : m_t(tokens)
    {
        m_package = isPackage ? fullname : fullname.section(QLatin1Char('.'), 0, -2);
    }

    QStringList run()
    {
        bool atStart = true;
        while (m_i < m_t.size()) {
            const Token &t = m_t[m_i];
            if (t.type == Token::Type::Newline || isOp(t, ';')) {
                atStart = true;
                ++m_i;
                continue;
            }
            if (isOp(t, ':') && t.depth == 0) {
                // `if x: import y`, `try: import a`, `else: import b`
                atStart = true;
                ++m_i;
                continue;
            }
            if (atStart && isName(t, "import")) {
                ++m_i;
                readImport();
            } else if (atStart && isName(t, "from")) {
                ++m_i;
                readFrom();
            } else if (isName(t, "__import__") || isName(t, "import_module")) {
                ++m_i;
                readCall();
            } else {
                ++m_i;
            }
            atStart = false;
        }
        QStringList names(m_found.cbegin(), m_found.cend());
        names.sort();
        return names;
    }

private:
    static bool isOp(const Token &t, char c)
    {
        return t.type == Token::Type::Op && t.text.size() == 1 && t.text[0] == c;
    }
    static bool isName(const Token &t, const char *word)
    {
        return t.type == Token::Type::Name && t.text == QByteArrayView(word);
    }
    bool peekOp(char c) const { return m_i < m_t.size() && isOp(m_t[m_i], c); }
    bool peekName() const { return m_i < m_t.size() && m_t[m_i].type == Token::Type::Name; }
    bool peekName(const char *word) const { return m_i < m_t.size() && isName(m_t[m_i], word); }

    // Name ('.' Name)*; empty if no name is here.
    QString readDotted()
    {
        QString name;
        if (!peekName() || peekName("import")) // `from . import x`: no name after the dots
            return name;
        name = QString::fromUtf8(m_t[m_i].text);
        ++m_i;
        while (peekOp('.') && m_i + 1 < m_t.size() && m_t[m_i + 1].type == Token::Type::Name) {
            name += QLatin1Char('.') + QString::fromUtf8(m_t[m_i + 1].text);
            m_i += 2;
        }
        return name;
    }

    void skipAlias()
    {
        if (peekName("as")) {
            ++m_i;
            if (peekName())
                ++m_i;
        }
    }

    void add(const QString &name)
    {
        if (ImportScanner::isDottedName(name))
            m_found.insert(name);
    }

    void readImport()
    {
        for (;;) {
            const QString name = readDotted();
            if (name.isEmpty())
                return;
            add(name);
            skipAlias();
            if (!peekOp(','))
                return;
            ++m_i;
        }
    }

    void readFrom()
    {
        int level = 0;
        while (peekOp('.')) {
            ++level;
            ++m_i;
        }
        const QString dotted = readDotted();
        if (!peekName("import"))
            return;
        ++m_i;
        QString base = dotted;
        if (level > 0) {
            QStringList parts
                    = m_package.isEmpty() ? QStringList() : m_package.split(QLatin1Char('.'));
            if (parts.size() < level)
                return; // climbs above the top-level package
            parts.resize(parts.size() - (level - 1));
            base = parts.join(QLatin1Char('.'));
            if (!dotted.isEmpty())
                base += QLatin1Char('.') + dotted;
        } else if (dotted.isEmpty()) {
            return;
        }
        add(base);
        const bool parens = peekOp('(');
        if (parens)
            ++m_i;
        while (m_i < m_t.size()) {
            if (peekOp('*')) {
                ++m_i;
                break;
            }
            if (!peekName())
                break;
            add(base + QLatin1Char('.') + QString::fromUtf8(m_t[m_i].text));
            ++m_i;
            skipAlias();
            if (!peekOp(','))
                break;
            ++m_i;
        }
        if (parens && peekOp(')'))
            ++m_i;
    }

    // `__import__('a.b')` / `importlib.import_module('a.b')`: only a literal first argument.
    void readCall()
    {
        if (!peekOp('(') || m_i + 1 >= m_t.size())
            return;
        const Token &arg = m_t[m_i + 1];
        if (arg.type != Token::Type::String || !arg.plainString)
            return;
        if (m_i + 2 < m_t.size() && !isOp(m_t[m_i + 2], ')') && !isOp(m_t[m_i + 2], ','))
            return; // 'a' + x, 'a'.strip(), ...
        m_i += 2;
        add(QString::fromUtf8(arg.text));
    }

    const std::vector<Token> &m_t;
    size_t m_i = 0;
    QString m_package;
    QSet<QString> m_found;
};

} // namespace

bool ImportScanner::isIdentifier(QStringView name)
{
    if (name.isEmpty())
        return false;
    const QChar first = name.front();
    if (!(first.isLetter() || first == QLatin1Char('_')) || first.unicode() >= 0x80)
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
                        || u == '_';
        if (!ok)
            return false;
    }
    return true;
}

bool ImportScanner::isDottedName(QStringView name)
{
    if (name.isEmpty())
        return false;
    qsizetype start = 0;
    for (;;) {
        const qsizetype dot = name.indexOf(QLatin1Char('.'), start);
        const QStringView part = dot < 0 ? name.sliced(start) : name.sliced(start, dot - start);
        if (!isIdentifier(part))
            return false;
        if (dot < 0)
            return true;
        start = dot + 1;
    }
}

QStringList ImportScanner::scan(QByteArrayView source, const QString &fullname, bool isPackage)
{
    const std::vector<Token> tokens = Lexer(source).run();
    return Reader(tokens, fullname, isPackage).run();
}

} // namespace Econtext::Modules
