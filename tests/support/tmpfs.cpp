#include "tests/support/tmpfs.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <unistd.h>

namespace Econtext::Test {

Tmpfs::Tmpfs(const QString &dir, const QString &options)
    : m_dir(dir)
{
    if (::geteuid() != 0) {
        m_error = QStringLiteral("mounting a tmpfs needs root");
        return;
    }
    QDir().mkpath(dir);
    QProcess mount;
    mount.setProcessChannelMode(QProcess::MergedChannels);
    mount.start(QStringLiteral("mount"),
                {QStringLiteral("-t"),
                 QStringLiteral("tmpfs"),
                 QStringLiteral("-o"),
                 options,
                 QStringLiteral("tmpfs"),
                 dir});
    if (!mount.waitForFinished(10000) || mount.exitStatus() != QProcess::NormalExit
        || mount.exitCode() != 0) {
        m_error = QStringLiteral("mount -t tmpfs failed: %1")
                          .arg(QString::fromLocal8Bit(mount.readAll()).trimmed());
        return;
    }
    m_mounted = true;
}

Tmpfs::~Tmpfs()
{
    if (m_mounted)
        QProcess::execute(QStringLiteral("umount"), {m_dir});
}

bool Tmpfs::remountReadOnly()
{
    return m_mounted
           && QProcess::execute(QStringLiteral("mount"),
                                {QStringLiteral("-o"), QStringLiteral("remount,ro"), m_dir})
                      == 0;
}

bool Tmpfs::fill()
{
    QFile filler(m_dir + QStringLiteral("/filler"));
    if (!m_mounted || !filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return false;
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size()) {
    }
    while (filler.write("x", 1) == 1) {
    }
    return true;
}

} // namespace Econtext::Test
