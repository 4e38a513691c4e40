#include "checker/serve/connection_guard.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace dxcheck {
namespace {

// The peer as "addr:port" (the form cpp-httplib's Request::remote_addr and
// remote_port give), and the local port; false when `fd` is not a connected
// TCP socket.
bool Endpoints(int fd, std::string* peer, int* local_port) {
  sockaddr_storage local{}, remote{};
  socklen_t ll = sizeof local, rl = sizeof remote;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &rl) != 0) return false;
  char addr[INET6_ADDRSTRLEN] = "";
  int rport = 0;
  if (local.ss_family == AF_INET) {
    *local_port = ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
    auto* r = reinterpret_cast<sockaddr_in*>(&remote);
    inet_ntop(AF_INET, &r->sin_addr, addr, sizeof addr);
    rport = ntohs(r->sin_port);
  } else if (local.ss_family == AF_INET6) {
    *local_port = ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
    auto* r = reinterpret_cast<sockaddr_in6*>(&remote);
    inet_ntop(AF_INET6, &r->sin6_addr, addr, sizeof addr);
    rport = ntohs(r->sin6_port);
  } else {
    return false;
  }
  *peer = std::string(addr) + ":" + std::to_string(rport);
  return true;
}

// Ends a connection whose answer is written but whose request body was not
// read: FIN first (the answer is delivered), then what the client still sends
// is read and dropped, for at most a second and 1 MiB, so that closing with
// unread bytes does not reset the connection and destroy the answer in the
// client's buffer (as a plain shutdown and close would); then reads end, and
// the library closes the socket.
void LingeringClose(int fd) {
  shutdown(fd, SHUT_WR);
  char buf[16384];
  size_t drained = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (drained < (size_t{1} << 20)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;  // the client closed its side (or an error)
    drained += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_RD);
}

unsigned long SocketInode(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return 0;
  return static_cast<unsigned long>(st.st_ino);
}

// The process's connected TCP sockets on local port `port`: descriptor ->
// (inode, peer "addr:port"), from /proc/self/fd.
std::map<int, std::pair<unsigned long, std::string>> ServiceSockets(int port) {
  std::map<int, std::pair<unsigned long, std::string>> live;
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return live;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0') continue;
    unsigned long inode = SocketInode(static_cast<int>(fd));
    if (inode == 0) continue;
    std::string peer;
    int local = 0;
    if (!Endpoints(static_cast<int>(fd), &peer, &local) || local != port) continue;
    live[static_cast<int>(fd)] = {inode, peer};
  }
  closedir(d);
  return live;
}

}  // namespace

void ConnectionGuard::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void ConnectionGuard::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConnectionGuard::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    ScanOnce();
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stop_; });
  }
}

void ConnectionGuard::MarkAnswered(const std::string& peer) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [fd, c] : conns_) {
    if (c.peer == peer) c.since = std::chrono::steady_clock::now();
  }
}

void ConnectionGuard::CloseNow(const std::string& peer) {
  for (const auto& [fd, info] : ServiceSockets(options_.port)) {
    if (info.second == peer) LingeringClose(fd);
  }
}

void ConnectionGuard::ScanOnce() {
  auto now = std::chrono::steady_clock::now();
  // The service's connected sockets now, by descriptor.
  std::map<int, std::pair<unsigned long, std::string>> live = ServiceSockets(options_.port);
  std::vector<std::pair<int, std::string>> to_close;  // fd, reason
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = conns_.begin(); it != conns_.end();) {
      auto l = live.find(it->first);
      if (l == live.end() || l->second.first != it->second.inode) {
        it = conns_.erase(it);  // gone, or the number now names another socket
      } else {
        ++it;
      }
    }
    for (const auto& [fd, info] : live) {
      if (conns_.count(fd) == 0) conns_[fd] = Conn{info.first, info.second, now, false};
    }
    std::vector<std::pair<std::chrono::steady_clock::time_point, int>> open;
    for (auto& [fd, c] : conns_) {
      if (c.closed) continue;
      if (now - c.since > options_.deadline) {
        c.closed = true;
        to_close.push_back({fd, "timeout"});
      } else {
        open.push_back({c.since, fd});
      }
    }
    if (open.size() > options_.max_connections) {
      std::sort(open.begin(), open.end());
      for (size_t i = options_.max_connections; i < open.size(); ++i) {
        conns_[open[i].second].closed = true;
        to_close.push_back({open[i].second, "limit"});
      }
    }
    for (const auto& [fd, reason] : to_close) {
      // Last check that the number still names the socket seen above.
      if (SocketInode(fd) == conns_[fd].inode) shutdown(fd, SHUT_RDWR);
    }
  }
  if (options_.on_close) {
    for (const auto& c : to_close) options_.on_close(c.second);
  }
}

}  // namespace dxcheck
