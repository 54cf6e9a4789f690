// Tmpfs: a small tmpfs mounted for one test and unmounted after it, for tests of what
// happens on a full or read-only file system. Mounting needs root: otherwise, or when
// mount fails, isMounted() is false and errorString() says why (tests QSKIP with it).
#pragma once

#include <QString>

namespace Econtext::Test {

class Tmpfs
{
public:
    // options as for mount -o, e.g. "size=64k,mode=0755".
    Tmpfs(const QString &dir, const QString &options);
    ~Tmpfs();
    Tmpfs(const Tmpfs &) = delete;
    Tmpfs &operator=(const Tmpfs &) = delete;

    bool isMounted() const { return m_mounted; }
    QString errorString() const { return m_error; }
    QString dir() const { return m_dir; }

    // Makes it read-only (after files were put in place).
    bool remountReadOnly();
    // Fills it until not one more byte fits.
    bool fill();

private:
    QString m_dir;
    QString m_error;
    bool m_mounted = false;
};

} // namespace Econtext::Test
