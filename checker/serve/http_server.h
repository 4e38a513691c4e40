// HttpServer: `dxcheck serve`'s HTTP front, on cpp-httplib (Debian's
// libcpp-httplib-dev). It moves bytes between sockets and CheckService,
// enforces the limits, counts (Metrics) and logs one line per request
// (request_log.h); it decides nothing about a check itself.
//
// Routes: POST /v1/check, POST /v1/verify, GET /v1/lists (bearer token when
// the service has tokens), GET /healthz, GET /readyz, GET /metrics (open, for
// probes and scrapers; put them behind the fronting proxy if they must not be).
// Limits: body (413), header count and total header bytes (431), a total
// time per request and a connection count (ConnectionGuard), per-read and
// per-write timeouts (the library's). Errors are JSON bodies
// ({"error": {"status", "message"}}) whatever produced them.
//
// Stop() stops accepting and lets in-flight requests finish (drain): Run()
// returns once every accepted request has been answered.
#ifndef DXCHECK_SERVE_HTTP_SERVER_H_
#define DXCHECK_SERVE_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "checker/base/date.h"
#include "checker/base/status.h"
#include "checker/serve/bearer_tokens.h"
#include "checker/serve/check_service.h"
#include "checker/serve/metrics.h"
#include "checker/serve/rule_set_holder.h"

namespace dxcheck {

struct ServerLimits {
  size_t max_body_bytes = 4u << 20;     // 413 past it
  size_t max_header_bytes = 64u << 10;  // all header lines together; 431 past it
  size_t max_headers = 100;             // 431 past it
  int request_timeout_sec = 10;         // headers to answer, per request
  int io_timeout_sec = 5;               // per read or write
  int keep_alive_sec = 5;               // idle time between requests on a connection
  size_t max_connections = 256;
  // Worker threads; 0: one per allowed connection (max_connections, at most
  // 1024). Fewer would let that many slow or idle clients hold every worker
  // until the guard's deadline (the library gives each connection a thread).
  int threads = 0;
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see HttpServer::port())
  ServerLimits limits;
  const BearerTokens* tokens = nullptr;  // nullptr: no authentication
  std::function<void(const std::string& line)> log;  // one JSON line each
  std::function<Date()> today;  // evaluation date when a request gives none
};

class HttpServer {
 public:
  // REQUIRES: every pointer outlives the server.
  HttpServer(const CheckService* service, RuleSetHolder* rules, Metrics* metrics,
             ServerConfig config);
  ~HttpServer();

  // Binds the listening socket. IoError (with the reason) when it cannot.
  Status Bind();
  // The bound port (after Bind()).
  int port() const;
  // Serves until Stop(); returns after draining. REQUIRES: Bind() succeeded.
  void Run();
  // Thread-safe; callable from a signal-handling thread. /readyz answers 503
  // from then on.
  void Stop();
  // Reloads the rule set (SIGHUP); logs and counts the result. On failure the
  // old set stays in force.
  Status Reload();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_HTTP_SERVER_H_
