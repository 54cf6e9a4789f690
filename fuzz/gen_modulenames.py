# Writes fuzz_modulename seeds: "NAME\nSOURCE". Names are real module names (this
# interpreter's loaded modules), the names of fuzz_modulename's temporary tree, and hostile
# ones; sources are real Python files and import-heavy snippets.
# Usage: python3 gen_modulenames.py OUT_DIR SOURCE_FILES...
import hashlib
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

import json, logging, email.mime.text, xml.dom.minidom, importlib.util  # noqa: E401,F401

names = sorted(n for n in sys.modules if n.isascii())[:60]
names += [
    # The tree fuzz_modulename builds (see buildTree there).
    'mod', 'pkg', 'pkg.mod', 'pkg.sub', 'pkg.sub.deep', 'pkg.__pycache__', 'ns', 'ns.x', 'ns.y',
    'other', 'native', 'nativelink', 'pkg.link', 'pkg.link.secret', 'pkg.linkmod',
    'pkg.evilpkg', 'pkg.evilpkg.inner', 'ns.evilns', 'ns.evilns.leak', 'ns.out',
    'ns.out.secret', 'escape', 'escdir', 'escdir.secret', 'evilpkg', 'evilpkg.inner', 'evilns',
    'evilns.leak', 'absolute', 'dangling', 'loop', 'selfdir', 'selfdir.pkg.mod', 'up',
    'up.root1.pkg', 'up.outside.secret', 'rootfs', 'rootfs.etc', 'passwd', 'shared',
    'shared.mod', 'shared.sub.deep', 'sharedmod', 'sharedns', 'sharedns.x',
    # Hostile.
    '..', '../outside/secret', '/etc/passwd', 'pkg/../../outside', 'pkg..mod', '.pkg', 'pkg.',
    'pkg.mod\x00.py', '\x00', 'a' * 256, '.'.join(['a'] * 128), 'p\u0131kg', 'pkg\u2024mod',
    'pkg.m\u00f6d', '__init__', 'pkg.__init__', '~root', '$HOME', 'pkg\\mod', ' pkg', '1pkg',
]
snippets = [
    b'import os, sys\nfrom pkg import mod, sub\nfrom .sibling import x\nfrom .. import up\n',
    b'try:\n    import json\nexcept ImportError:\n    import simplejson as json\n',
    b'def f():\n    import pkg.sub.deep\n    __import__("escape")\n'
    b'    importlib.import_module("pkg.linkmod")\n',
    b'class A: import ns.x; from ns import y\nif 1: import evilpkg.inner\n',
    b's = """import notreally"""\nx = f"{__import__(\'pkg\')}"\n# import comment\n',
    b'from . import (a,\n    b as c,\n    d)\nfrom ...toohigh import z\n',
    b'import \\\n    continued.name\nr"\\" import x"\n',
    b'\xef\xbb\xbfimport bom\n\r\nimport crlf\r\n',
]
sources = []
for path in sys.argv[2:]:
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 60000:
        sources.append(data)
count = 0
for i, name in enumerate(names):
    body = snippets[i % len(snippets)]
    if i % 5 == 0 and sources:
        body = sources[(i // 5) % len(sources)]
    data = name.encode('utf-8', 'surrogatepass') + b'\n' + body
    digest = hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(out, 'seed-%s' % digest), 'wb') as f:
        f.write(data)
    count += 1
print('%d module-name seeds' % count)
