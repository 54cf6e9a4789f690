// ImportScanner: finds the modules a piece of Python source imports statically,
// without running Python. A small tokenizer skips strings (all prefixes, triple
// quotes, f-string expressions) and comments, then reads `import` and `from`
// statements wherever they stand (functions, classes, try/if blocks, one-line
// compound statements) and `__import__('x')` / `import_module('x')` calls with
// a literal name. Used by the ModuleServer to send related modules ahead.
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace Econtext::Modules {

class ImportScanner
{
public:
    // Absolute names imported by `source`, the text of module `fullname` (a
    // package's __init__ when `isPackage`), sorted and unique. Relative imports
    // are resolved against the module's package; ones that climb above the top
    // package are dropped. `from a import b` yields both "a" and "a.b", since b
    // may be a submodule; whether it is one is for the finder to say.
    static QStringList scan(QByteArrayView source, const QString &fullname, bool isPackage);

    // Whether `name` is a dotted name of ASCII identifiers ("a.b_c.d1").
    static bool isDottedName(QStringView name);
    static bool isIdentifier(QStringView name);
};

} // namespace Econtext::Modules
