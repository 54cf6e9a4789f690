// ImportScanner: every import syntax it must see, and the strings, comments and
// near-misses it must not mistake for imports.
#include "core/modules/importscanner.h"

#include <QTest>

using Econtext::Modules::ImportScanner;

class tst_ImportScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scan_data();
    void scan();
    void names_data();
    void names();
    void unterminated();
    void bigSource();
    void everyPrefix();
};

void tst_ImportScanner::scan_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("fullname");
    QTest::addColumn<bool>("isPackage");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name,
                        const char *src,
                        const QStringList &expected,
                        const char *fullname = "mod",
                        bool isPackage = false) {
        QTest::newRow(name) << QByteArray(src) << QString::fromLatin1(fullname) << isPackage
                            << expected;
    };
    const auto l = [](std::initializer_list<const char *> names) {
        QStringList out;
        for (const char *n : names)
            out.append(QString::fromLatin1(n));
        return out;
    };

    row("empty", "", {});
    row("import simple", "import os\n", l({"os"}));
    row("import dotted", "import a.b.c\n", l({"a.b.c"}));
    row("import as and list", "import a as x, b\n", l({"a", "b"}));
    row("import dotted as", "import a.b as ab, c.d\n", l({"a.b", "c.d"}));
    row("from import", "from a.b import c, d\n", l({"a.b", "a.b.c", "a.b.d"}));
    row("from import as", "from a import b as bb, c as cc\n", l({"a", "a.b", "a.c"}));
    row("from import star", "from a.b import *\n", l({"a.b"}));
    row("from parens multiline",
        "from a import (\n    b,\n    c as cc,  # comment\n    d,\n)\n",
        l({"a", "a.b", "a.c", "a.d"}));
    row("backslash continuation",
        "import a, \\\n    b\nfrom c \\\n  import d\n",
        l({"a", "b", "c", "c.d"}));
    row("crlf continuation", "import a, \\\r\n    b\r\nimport c\r\n", l({"a", "b", "c"}));
    row("in function",
        "def f():\n    import a\n    from b import c\n    return 1\n",
        l({"a", "b", "b.c"}));
    row("in try except",
        "try:\n    import json\nexcept ImportError:\n    import simplejson as json\n",
        l({"json", "simplejson"}));
    row("in if block",
        "if x:\n    import a\nelif y:\n    import b\nelse:\n    import c\n",
        l({"a", "b", "c"}));
    row("class body",
        "class A(object):\n    import a\n    def m(self):\n        import b.c\n",
        l({"a", "b.c"}));
    row("one line compound", "if x: import a\ntry: import b\nexcept: pass\n", l({"a", "b"}));
    row("semicolons", "x = 1; import a; y = 2; from b import c\n", l({"a", "b", "b.c"}));
    row("relative dot in module", "from . import x\n", l({"pkg", "pkg.x"}), "pkg.mod");
    row("relative dot in package", "from . import x\n", l({"pkg", "pkg.x"}), "pkg", true);
    row("relative name", "from .sub import c\n", l({"pkg.sub", "pkg.sub.c"}), "pkg.a");
    row("relative double dot", "from ..pkg import y\n", l({"top.pkg", "top.pkg.y"}), "top.mid.mod");
    row("relative double dot package", "from .. import y\n", l({"top", "top.y"}), "top.mid", true);
    row("relative too high", "from ... import y\nimport z\n", l({"z"}), "a.b");
    row("relative in top module", "from . import y\n", {}, "mod");
    row("relative star", "from .x import *\n", l({"p.x"}), "p", true);
    row("dunder import", "m = __import__('a.b')\n", l({"a.b"}));
    row("dunder import with args",
        "m = __import__(\"a\", globals(), locals(), ['x'], 0)\n",
        l({"a"}));
    row("import_module",
        "import importlib\nm = importlib.import_module('x.y')\n",
        l({"importlib", "x.y"}));
    row("import_module bare",
        "from importlib import import_module\nimport_module('q')\n",
        l({"importlib", "importlib.import_module", "q"}));
    row("dunder import expression", "__import__('a' + x)\n__import__(name)\n", {});
    row("dunder import fstring", "__import__(f'a{x}')\n", {});
    row("dunder import relative", "import_module('.x', 'pkg')\n", {});
    row("string single", "s = 'import a'\nimport b\n", l({"b"}));
    row("string double", "s = \"from a import b\"\n", {});
    row("docstring",
        "\"\"\"Module.\n\nimport nope\nfrom nope import x\n\"\"\"\nimport yes\n",
        l({"yes"}));
    row("single quoted triple", "'''\nimport nope\n'''\nimport yes\n", l({"yes"}));
    row("triple with quotes inside", "s = \"\"\"a \" b \"\" c\nimport nope\n\"\"\"\n", {});
    row("escaped quote", "s = 'it\\'s\\nimport nope'\nimport yes\n", l({"yes"}));
    row("raw string", "s = r'a\\'b import nope'\nimport yes\n", l({"yes"}));
    row("raw triple", "s = r\"\"\"\\\nimport nope\"\"\"\nimport yes\n", l({"yes"}));
    row("bytes prefixes",
        "s = b'import a'; t = rb\"import b\"; u = Br'x'\nimport yes\n",
        l({"yes"}));
    row("unicode prefix", "s = u'import a'\nimport yes\n", l({"yes"}));
    row("fstring", "s = f'import {a} from {b!r:>10}'\nimport yes\n", l({"yes"}));
    row("fstring nested quotes", "s = f\"{d['k']} import no\"\nimport yes\n", l({"yes"}));
    row("fstring same quotes 312", "s = f\"{d[\"k\"]} import no\"\nimport yes\n", l({"yes"}));
    row("fstring braces", "s = f'{{import a}}'\nimport yes\n", l({"yes"}));
    row("fstring nested spec", "s = f'{x:{w}.{p}} import no'\nimport yes\n", l({"yes"}));
    row("fstring triple", "s = rf'''{x}\nimport no\n'''\nimport yes\n", l({"yes"}));
    row("comment", "# import nope\nimport yes  # from no import x\n", l({"yes"}));
    row("comment with quote", "# it's not a string\nimport yes\n", l({"yes"}));
    row("from in other statements",
        "def g():\n    yield from range(3)\n    raise E() from None\n",
        {});
    row("import as attribute", "x.import_ = 1\nimportant = 2\nfromage = 3\n", {});
    row("names after keywords on a line", "print('x'); import a\n", l({"a"}));
    row("dict and slice colons", "d = {1: 2}\nx = y[1:2]\nimport a\n", l({"a"}));
    row("lambda colon", "f = lambda: __import__('lazy')\n", l({"lazy"}));
    row("indented tabs", "if x:\n\timport a\n\tif y:\n\t\tfrom b import c\n", l({"a", "b", "b.c"}));
    row("future",
        "from __future__ import annotations\n",
        l({"__future__", "__future__.annotations"}));
    row("no trailing newline", "import a", l({"a"}));
    row("non ascii", "s = 'héllo'\nnom_été = 1\nimport a\n", l({"a"}));
    row("numbers", "x = 1.5e-3 + .5 + 0x1F\nimport a\n", l({"a"}));
    row("ellipsis", "x = ...\nimport a\n", l({"a"}));
    row("decorator then def", "@decorator\ndef f(): import inner\n", l({"inner"}));
    row("with statement", "with open(p) as f: import a\n", l({"a"}));
    row("invalid names dropped", "from . import (\n)\nimport 1a\n", l({"p"}), "p", true);
}

void tst_ImportScanner::scan()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, fullname);
    QFETCH(bool, isPackage);
    QFETCH(QStringList, expected);
    QCOMPARE(ImportScanner::scan(source, fullname, isPackage), expected);
}

void tst_ImportScanner::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << QStringLiteral("a") << true;
    QTest::newRow("dotted") << QStringLiteral("a.b_c.d1") << true;
    QTest::newRow("underscore") << QStringLiteral("_x.__init__") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading digit") << QStringLiteral("1abc") << false;
    QTest::newRow("double dot") << QStringLiteral("a..b") << false;
    QTest::newRow("trailing dot") << QStringLiteral("a.") << false;
    QTest::newRow("leading dot") << QStringLiteral(".a") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("dash") << QStringLiteral("a-b") << false;
    QTest::newRow("non ascii") << QStringLiteral("caf\u00e9") << false;
    QTest::newRow("nul") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b")) << false;
}

void tst_ImportScanner::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ImportScanner::isDottedName(name), valid);
}

void tst_ImportScanner::unterminated()
{
    // Malformed source must neither crash nor hang, and should still find what it can.
    QCOMPARE(ImportScanner::scan("s = 'abc\nimport a\n", QStringLiteral("m"), false),
             QStringList{QStringLiteral("a")});
    QCOMPARE(ImportScanner::scan("s = \"\"\"never ends\nimport a\n", QStringLiteral("m"), false),
             QStringList());
    QCOMPARE(ImportScanner::scan("s = f'{x\nimport a\n", QStringLiteral("m"), false),
             QStringList{QStringLiteral("a")});
    QCOMPARE(ImportScanner::scan("x = '\\", QStringLiteral("m"), false), QStringList());
    QCOMPARE(ImportScanner::scan("from", QStringLiteral("m"), false), QStringList());
    QCOMPARE(ImportScanner::scan("from a import", QStringLiteral("m"), false),
             QStringList{QStringLiteral("a")});
    QCOMPARE(ImportScanner::scan("import", QStringLiteral("m"), false), QStringList());
    QCOMPARE(ImportScanner::scan("__import__(", QStringLiteral("m"), false), QStringList());
    QCOMPARE(ImportScanner::scan(")))\nimport a\n", QStringLiteral("m"), false),
             QStringList{QStringLiteral("a")});
}

void tst_ImportScanner::bigSource()
{
    QByteArray src;
    for (int i = 0; i < 20000; ++i)
        src += "def f" + QByteArray::number(i) + "(x):\n    import m" + QByteArray::number(i % 50)
               + "\n    return x  # import no\n    s = '''import no'''\n";
    const QStringList names = ImportScanner::scan(src, QStringLiteral("big"), false);
    QCOMPARE(names.size(), 50);
    QVERIFY(names.contains(QStringLiteral("m0")));
    QVERIFY(names.contains(QStringLiteral("m49")));
}

void tst_ImportScanner::everyPrefix()
{
    // Cut anywhere, the source must still scan without reading past its end (ASan
    // builds check this), and the complete text gives the complete answer.
    const QByteArray src = "from . import (a,\n b as c)\ns = f'{x:{w}!r}' rb'''\\\n'''\n"
                           "t = f\"{d[\"k\"]}\"\nimport q.r  # c\n__import__('z')\n"
                           "if x: from ..up import y; import_module(\"w\")\n";
    for (qsizetype n = 0; n <= src.size(); ++n)
        (void)ImportScanner::scan(QByteArrayView(src).first(n), QStringLiteral("p.m.x"), false);
    QCOMPARE(ImportScanner::scan(src, QStringLiteral("p.m.x"), false),
             QStringList({QStringLiteral("p.m"),
                          QStringLiteral("p.m.a"),
                          QStringLiteral("p.m.b"),
                          QStringLiteral("p.up"),
                          QStringLiteral("p.up.y"),
                          QStringLiteral("q.r"),
                          QStringLiteral("w"),
                          QStringLiteral("z")}));
}

QTEST_GUILESS_MAIN(tst_ImportScanner)
#include "tst_importscanner.moc"
