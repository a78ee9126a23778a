#pragma once
//! A TCP relay between an HTTP client and the real server that counts the request body bytes it
//! forwards (what the server actually received) and can stop forwarding, drop every connection
//! or damage one byte once a given number of body bytes went through, and hold the answers at
//! a given byte: how the media tests make "mid-upload" and "mid-download" happen at an exact
//! point, without sleeps. HTTP/1.1 requests with
//! Content-Length only (what QNetworkAccessManager sends for tus). Test thread only.
#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QTcpServer>
#include <memory>
#include <vector>

class QTcpSocket;

namespace msgr::test {

class CountingRelay : public QObject {
    Q_OBJECT
public:
    explicit CountingRelay(quint16 targetPort, QObject *parent = nullptr);
    ~CountingRelay() override;

    bool listen();
    quint16 port() const { return m_listener.serverPort(); }

    //! Request body bytes forwarded to the server so far.
    qint64 bodyBytes() const { return m_bodyBytes; }
    //! Requests forwarded, by method ("PATCH", "HEAD"...).
    int requests(const QByteArray &method) const { return m_requests.value(method); }
    //! Answers with this status relayed back to the client.
    int answers(int status) const { return m_answers.value(status); }
    //! Bytes relayed from the server to the client so far (heads and bodies): what a download
    //! cost.
    qint64 answerBytes() const { return m_answerBytes; }

    //! Relays no answer byte past `answerBytes` (in all): the rest waits, `answersHeld()` says
    //! so; releaseAnswers() lets it through (or dropAll() throws it away).
    void holdAnswersAt(qint64 answerBytes);
    void releaseAnswers();
    bool answersHeld() const { return m_answersHeld; }
    //! Aborts every connection now (what waits is lost).
    void dropAll();

    //! Forwards no body byte past `bodyBytes` (in all): the rest waits, `paused()` says so.
    void pauseAt(qint64 bodyBytes);
    void resume();
    bool isPaused() const { return m_paused; }
    //! Aborts every connection once `bodyBytes` went through; `dropped()` says so.
    void dropAt(qint64 bodyBytes);
    //! Flips the body byte number `index` (counted over all bodies) on its way.
    void corruptAt(qint64 index) { m_corruptAt = index; }

signals:
    void paused();
    void answersHeldChanged();
    void dropped();

private:
    struct Pair;
    void accept();
    void fromClient(Pair &pair);
    void forward(Pair &pair, QByteArray data);
    void close(Pair &pair, bool abort);
    void noteAnswer(const QByteArray &bytes);
    void toClient(Pair &pair);

    quint16 m_targetPort;
    QTcpServer m_listener;
    std::vector<std::unique_ptr<Pair>> m_pairs; // closed ones stay until the relay goes
    qint64 m_bodyBytes = 0;
    qint64 m_pauseAt = -1;
    qint64 m_dropAt = -1;
    qint64 m_corruptAt = -1;
    bool m_paused = false;
    qint64 m_answerBytes = 0;
    qint64 m_holdAnswersAt = -1;
    bool m_answersHeld = false;
    QHash<QByteArray, int> m_requests;
    QHash<int, int> m_answers;
};

} // namespace msgr::test
