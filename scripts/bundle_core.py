#!/usr/bin/env python3
"""Bundles the context's Python core into the one source the master sends on every bootstrap.

    bundle_core.py OUTPUT SOURCE...

The sources (resources/python/econtext/*.py, in the order given) are joined and stripped of
what only a reader needs: comments, docstrings, blank space at the start of lines (one space
per indentation level) and runs of spaces between tokens. Lines stay where they were, so a
line number in a traceback from the core is a line number in its source (of the first file;
later files follow on). Nothing else changes: the result runs unchanged on every Python the
core supports. The build runs this (core/CMakeLists.txt); tests/broker/tst_corebundle.cpp runs
it again and checks that the bundle in the binary is its output, that it compiles on every
interpreter and that it stays within its size budget. OUTPUT '-' writes to stdout.
"""
import io
import sys
import tokenize

SKIPPED = (tokenize.COMMENT, tokenize.NL)
STATEMENT_START = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)


def docstrings(tokens):
    """{index: replacement} for each statement that is a string alone (a docstring): dropped
    with its NEWLINE, or 'pass' where the block would be left empty."""
    significant = [k for k, t in enumerate(tokens) if t[0] not in SKIPPED]
    found = {}
    for n, k in enumerate(significant[:-2]):
        before = tokens[significant[n - 1]][0] if n else tokenize.NEWLINE
        if tokens[k][0] != tokenize.STRING or before not in STATEMENT_START:
            continue
        if tokens[significant[n + 1]][0] != tokenize.NEWLINE:
            continue  # a string that starts an expression
        alone = before == tokenize.INDENT and \
            tokens[significant[n + 2]][0] in (tokenize.DEDENT, tokenize.ENDMARKER)
        found[k] = 'pass' if alone else None
        found[significant[n + 1]] = '' if alone else None
    return found


def strip(source):
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    replaced = docstrings(tokens)
    out, depth, row, open_line, last = [], 0, 1, False, None
    for k, (kind, text, (start_row, start_col), (end_row, end_col), _) in enumerate(tokens):
        if kind == tokenize.COMMENT:
            continue
        if kind == tokenize.INDENT:
            depth += 1
            continue
        if kind == tokenize.DEDENT:
            depth -= 1
            continue
        if kind == tokenize.ENDMARKER:
            break
        if k in replaced:
            if replaced[k] is None:
                continue
            text = replaced[k] or text
        if kind in (tokenize.NEWLINE, tokenize.NL):
            if open_line:
                out.append('\n')
                row += 1
                open_line = False
            last = None
            continue
        if kind not in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING, tokenize.OP):
            raise SystemExit('bundle_core.py: token %s on line %d is not supported'
                             % (tokenize.tok_name[kind], start_row))
        if not open_line:
            out.append('\n' * (start_row - row) + ' ' * depth)
            row, open_line = start_row, True
        elif last is not None and start_row > last[0]:
            out.append('\\\n' * (start_row - last[0]) + ' ')  # a backslash continuation
            row = start_row
        elif last is not None and start_col > last[1]:
            out.append(' ')
        out.append(text)
        row += text.count('\n')
        last = (end_row, end_col)
    return ''.join(out)


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__.split('\n\n')[1])
    parts = []
    for path in argv[2:]:
        with io.open(path, encoding='utf-8') as f:
            parts.append(f.read())
    bundle = strip('\n'.join(parts))
    compile(bundle, '<econtext.core>', 'exec')
    try:
        bundle.encode('ascii')  # Python 2 refuses other bytes in a source without a coding line
    except UnicodeError as e:
        raise SystemExit('bundle_core.py: the bundle must be ASCII: %s' % e)
    if argv[1] == '-':
        sys.stdout.write(bundle)
        return
    with io.open(argv[1], 'w', encoding='utf-8', newline='\n') as f:
        f.write(bundle)


if __name__ == '__main__':
    main(sys.argv)
