// ConnectionGuard: the limits on a service's connections that the HTTP
// library (cpp-httplib 0.11, as Debian 12 ships it) has no setting for — a
// total time per request, and a connection count.
//
// cpp-httplib times out each read and write, but a client that sends one
// byte every few seconds ("slowloris") never trips a per-read timeout and
// would hold a worker thread for ever. The guard is a thread that looks, a
// few times a second, at the process's sockets (/proc/self/fd) accepted on
// the service's port, and shuts down (shutdown(2), so the worker's read
// returns at once and the library closes the socket) every connection
//   - that has gone `deadline` without completing a request (since it was
//     first seen, or since its last answer: MarkAnswered()), or
//   - that is beyond `max_connections` (the newest ones go).
// A socket is known by its inode as well as its descriptor number, so a
// number reused for a new connection is a new connection. Linux only.
#ifndef DXCHECK_SERVE_CONNECTION_GUARD_H_
#define DXCHECK_SERVE_CONNECTION_GUARD_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace dxcheck {

class ConnectionGuard {
 public:
  struct Options {
    int port = 0;  // the service's local port
    std::chrono::milliseconds deadline{15000};
    size_t max_connections = 256;
    std::chrono::milliseconds interval{100};
    // Called (on the guard's thread) for each connection it closes, with
    // "timeout" or "limit".
    std::function<void(const std::string& reason)> on_close;
  };

  explicit ConnectionGuard(Options options) : options_(std::move(options)) {}
  ~ConnectionGuard() { Stop(); }

  void Start();
  void Stop();

  // A request on the connection from `peer` ("addr:port") was answered: its
  // clock starts again.
  void MarkAnswered(const std::string& peer);

  // Shuts down the connection from `peer` on the service's port at once (a
  // request on it was refused and its body left unread). Called on the
  // thread serving that connection, so its descriptor is still the one.
  void CloseNow(const std::string& peer);

  // One scan (Start() runs it every `interval`); public for tests.
  void ScanOnce();

 private:
  struct Conn {
    unsigned long inode = 0;
    std::string peer;
    std::chrono::steady_clock::time_point since;
    bool closed = false;
  };
  void Loop();

  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::map<int, Conn> conns_;  // by descriptor
  std::thread thread_;
};

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_CONNECTION_GUARD_H_
