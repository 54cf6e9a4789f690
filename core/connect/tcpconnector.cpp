#include "core/connect/tcpconnector.h"

#include <QHostInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcSsh) // sshtransport.cpp

namespace Econtext {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

TcpConnector::TcpConnector(QObject *parent)
    : QObject(parent)
{}

TcpConnector::~TcpConnector()
{
    abort();
}

void TcpConnector::abort()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_addresses.clear();
    m_addressIndex = 0;
}

void TcpConnector::connectToHost(const QString &host, int port)
{
    abort();
    m_port = port;
    m_error.clear();
    m_lookupId = QHostInfo::lookupHost(host, this, &TcpConnector::onHostLookedUp);
}

void TcpConnector::onHostLookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        Q_EMIT hostNotFound(info.errorString());
        return;
    }
    m_addresses = info.addresses();
    m_addressIndex = 0;
    tryNextAddress();
}

void TcpConnector::tryNextAddress()
{
    while (m_addressIndex < m_addresses.size()) {
        const QHostAddress address = m_addresses.at(m_addressIndex++);
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            auto *in = reinterpret_cast<sockaddr_in *>(&storage);
            in->sin_family = AF_INET;
            in->sin_port = htons(static_cast<quint16>(m_port));
            in->sin_addr.s_addr = htonl(address.toIPv4Address());
            length = sizeof(sockaddr_in);
        } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(static_cast<quint16>(m_port));
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
            in6->sin6_scope_id = address.scopeId().toUInt();
            length = sizeof(sockaddr_in6);
        } else {
            continue;
        }
        const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            m_error = errnoText(errno);
            continue;
        }
        // Calls are small request/reply messages: Nagle's algorithm would hold each one back.
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        qCDebug(lcSsh) << "connecting to" << address.toString() << "port" << m_port;
        if (::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) == 0) {
            Q_EMIT connected(fd);
            return;
        }
        if (errno == EINPROGRESS) {
            m_fd = fd;
            m_notifier = new QSocketNotifier(fd, QSocketNotifier::Write, this);
            connect(m_notifier, &QSocketNotifier::activated, this, &TcpConnector::onWritable);
            return;
        }
        m_error = errnoText(errno);
        ::close(fd);
    }
    Q_EMIT failed(m_error);
}

void TcpConnector::onWritable()
{
    if (m_fd < 0)
        return;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    m_notifier->setEnabled(false);
    m_notifier->deleteLater();
    m_notifier = nullptr;
    const int fd = m_fd;
    m_fd = -1;
    if (error == 0) {
        Q_EMIT connected(fd);
        return;
    }
    m_error = errnoText(error);
    ::close(fd);
    tryNextAddress();
}

} // namespace Econtext
