// TcpConnector: opens a TCP connection without ever blocking the thread it lives on. The
// host name is looked up with QHostInfo (in Qt's thread pool) and every address is tried
// in turn with a non-blocking connect(), watched by a QSocketNotifier. The connected
// socket (TCP_NODELAY, close-on-exec) is handed over as a file descriptor that the
// receiver owns from then on. Used by SshTransport, which gives the socket to libssh
// (whose own lookup would be a blocking getaddrinfo()).
#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

class QHostInfo;
class QSocketNotifier;

namespace Econtext {

class TcpConnector : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpConnector)
public:
    explicit TcpConnector(QObject *parent = nullptr);
    ~TcpConnector() override;

    // Starts over (whatever was under way is dropped). One of the signals follows; it may
    // come before this returns.
    void connectToHost(const QString &host, int port);
    // Drops the lookup or the socket under way; no signal follows.
    void abort();

Q_SIGNALS:
    void connected(int fd);
    // The name has no address; error is the resolver's reason.
    void hostNotFound(const QString &error);
    // No address took the connection; error is the system's reason for the last one.
    void failed(const QString &error);

private:
    void onHostLookedUp(const QHostInfo &info);
    void tryNextAddress();
    void onWritable();

    int m_port = 0;
    int m_lookupId = -1;
    QList<QHostAddress> m_addresses;
    qsizetype m_addressIndex = 0;
    int m_fd = -1; // ours until connected() hands it over
    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
};

} // namespace Econtext
