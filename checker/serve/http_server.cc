#include "checker/serve/http_server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>

#include "checker/serve/connection_guard.h"
#include "checker/serve/request_log.h"

namespace dxcheck {
namespace {

using Clock = std::chrono::steady_clock;

// What one request's handlers tell its log line. cpp-httplib runs the
// pre-routing handler, the route's handler and the logger of a request on
// the same worker thread, one request at a time, so a thread-local carries it.
struct RequestContext {
  Clock::time_point start;
  bool started = false;
  std::string verdict, transfer_id;
  int exit_code = -1;
  uint64_t rules_version = 0;
};
thread_local RequestContext tls_request;

HttpFields Fields(const std::multimap<std::string, std::string>& m) {
  return HttpFields(m.begin(), m.end());
}
HttpFields Fields(const httplib::Headers& m) { return HttpFields(m.begin(), m.end()); }

// The message of an error the library produced (no body of ours yet).
std::string LibraryErrorMessage(int status, const ServerLimits& limits) {
  switch (status) {
    case 400: return "malformed HTTP request";
    case 404: return "no such route; the routes are POST /v1/check, POST /v1/verify, GET "
                     "/v1/lists, GET /healthz, GET /readyz, GET /metrics";
    case 413: return "the body is larger than the limit of " +
                     std::to_string(limits.max_body_bytes) + " bytes";
    case 405: return "method not allowed";
    case 414: return "the request target is too long";
    case 416: return "range not satisfiable";
    default: return "request failed";
  }
}

// The methods a route answers (its Allow header), or nullptr for an unknown
// route (404). GET routes answer HEAD too (the library does it).
const char* AllowedMethods(const std::string& path) {
  if (path == "/v1/check" || path == "/v1/verify") return "POST";
  if (path == "/v1/lists" || path == "/healthz" || path == "/readyz" || path == "/metrics") {
    return "GET, HEAD";
  }
  return nullptr;
}

bool MethodAllowed(const std::string& method, const char* allowed) {
  std::string a = allowed;
  return method == "POST" ? a == "POST" : (method == "GET" || method == "HEAD") && a != "POST";
}

void Reject(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(ErrorBody(status, message), "application/json");
  // The body (if any) was not read: the connection cannot carry another request.
  res.set_header("Connection", "close");
}

}  // namespace

struct HttpServer::Impl {
  const CheckService* service;
  RuleSetHolder* rules;
  Metrics* metrics;
  ServerConfig config;
  httplib::Server svr;
  std::unique_ptr<ConnectionGuard> guard;
  std::atomic<bool> draining{false};
  int port = 0;

  void Log(const std::string& line) const {
    if (config.log) config.log(line);
  }

  void Send(const ServiceReply& r, httplib::Response& res) const {
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
    if (r.exit_code >= 0) res.set_header("Dxcheck-Exit-Code", std::to_string(r.exit_code));
    if (!r.verdict.empty()) res.set_header("Dxcheck-Verdict", r.verdict);
    if (r.rules_version > 0) {
      res.set_header("Dxcheck-Rules-Version", std::to_string(r.rules_version));
    }
    tls_request.verdict = r.verdict;
    tls_request.transfer_id = r.transfer_id;
    tls_request.exit_code = r.exit_code;
    tls_request.rules_version = r.rules_version;
  }

  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res) {
    tls_request = RequestContext{};
    tls_request.start = Clock::now();
    tls_request.started = true;
    const ServerLimits& l = config.limits;
    if (req.headers.size() > l.max_headers) {
      Reject(res, 431, std::to_string(req.headers.size()) + " header fields; at most " +
                           std::to_string(l.max_headers) + " are accepted");
      return httplib::Server::HandlerResponse::Handled;
    }
    size_t bytes = 0;
    for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
    if (bytes > l.max_header_bytes) {
      Reject(res, 431, "the header fields take " + std::to_string(bytes) + " bytes; at most " +
                           std::to_string(l.max_header_bytes) + " are accepted");
      return httplib::Server::HandlerResponse::Handled;
    }
    // Every field name a token (RFC 9110 5.1). cpp-httplib takes the name up
    // to the colon, so "Content-Length : 5" and an obs-fold line
    // (" Content-Length: 5") arrive as names with a space, which it then
    // ignores, while a proxy in front may read them as the length: refused,
    // as RFC 9112 5.1 asks of a space before the colon.
    for (const auto& [k, v] : req.headers) {
      bool token = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
      });
      if (!token) {
        Reject(res, 400, "a header field name that is not a token (a space before the colon, or a "
                         "folded line)");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    // The body's framing, before anything reads it: cpp-httplib 0.11 bounds
    // only a Content-Length body (set_payload_max_length), and reads a
    // chunked one, one without a length (until the client closes) and a
    // gzip'd one it inflates itself whole first — hundreds of MB from one
    // unauthenticated request to any path. A body comes with Content-Length
    // and unencoded, or not at all; and a GET's body, which the library
    // does not read, would be parsed as the next request on the connection.
    if (req.has_header("Transfer-Encoding")) {
      Reject(res, 411, "Transfer-Encoding is not accepted: send the body with Content-Length");
      return httplib::Server::HandlerResponse::Handled;
    }
    // Exactly one Content-Length, plain decimal digits. Two fields (even
    // equal ones), a list ("5, 5"), a sign, a base prefix or padding are each
    // read as some other length by some proxy in front, and the bytes one
    // side takes for a body the other takes for the next request (request
    // smuggling); cpp-httplib itself reads the first field with strtoull,
    // which takes "-5" for 2^64-5 and " 5x" for 5. A leading zero is refused
    // too (some parsers read "010" as octal 8), and more than 19 digits
    // (beyond any real body; 19 always fit in 64 bits). Over the limit stays
    // the library's 413. The library strips the spaces and tabs around a
    // field's value (RFC 9110's optional whitespace) before we see it.
    if (size_t n = req.get_header_value_count("Content-Length"); n > 1) {
      Reject(res, 400, std::to_string(n) + " Content-Length fields: exactly one is accepted");
      return httplib::Server::HandlerResponse::Handled;
    } else if (n == 1) {
      const std::string v = req.get_header_value("Content-Length");
      bool digits = !v.empty() && v.size() <= 19 && (v[0] != '0' || v.size() == 1) &&
                    std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        Reject(res, 400, "Content-Length must be a decimal number of at most 19 digits without "
                         "a sign, spaces or leading zeros");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    bool body_read = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                     req.method == "DELETE" || req.method == "PRI";
    if (body_read && !req.has_header("Content-Length")) {
      Reject(res, 411, "a " + req.method + " request needs Content-Length");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!body_read && req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0") {
      Reject(res, 400, "a " + req.method + " request carries no body");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
      Reject(res, 415, "Content-Encoding " + req.get_header_value("Content-Encoding") +
                           " is not accepted: send the body uncompressed");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (const char* allowed = AllowedMethods(req.path);
        allowed != nullptr && !MethodAllowed(req.method, allowed)) {
      Reject(res, 405, req.method + " is not allowed on " + req.path + "; it answers " + allowed);
      res.set_header("Allow", allowed);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (config.tokens != nullptr && req.path.rfind("/v1/", 0) == 0 &&
        !config.tokens->Accepts(req.get_header_value("Authorization"))) {
      Reject(res, 401, "a bearer token is required: Authorization: Bearer TOKEN");
      res.set_header("WWW-Authenticate", "Bearer realm=\"dxcheck\"");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void OnAnswered(const httplib::Request& req, const httplib::Response& res) {
    double ms = 0;
    if (tls_request.started) {
      ms = std::chrono::duration<double, std::milli>(Clock::now() - tls_request.start).count();
    }
    metrics->Observe(req.path, res.status, tls_request.verdict, ms / 1000);
    RequestLogEntry e;
    e.time = std::chrono::system_clock::now();
    e.method = req.method;
    e.route = RouteLabel(req.path);
    e.status = res.status;
    e.verdict = tls_request.verdict;
    e.exit_code = tls_request.exit_code;
    e.transfer_id = tls_request.transfer_id;
    e.duration_ms = ms;
    e.rules_version = tls_request.rules_version;
    Log(RequestLogLine(e));
    if (guard) {
      std::string peer = req.remote_addr + ":" + std::to_string(req.remote_port);
      guard->MarkAnswered(peer);
      // A rejected request's body was not read: the connection must not carry
      // another request (its body would be one), and cpp-httplib 0.11 keeps
      // it open whatever the response's "Connection: close" says. The
      // response is written by now (the logger runs after it).
      if (res.get_header_value("Connection") == "close") guard->CloseNow(peer);
    }
    tls_request = RequestContext{};
  }

  void Setup() {
    const ServerLimits& l = config.limits;
    int threads = l.threads > 0 ? l.threads
                                : static_cast<int>(std::min<size_t>(std::max<size_t>(l.max_connections, 8), 1024));
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    svr.set_payload_max_length(l.max_body_bytes);
    svr.set_read_timeout(l.io_timeout_sec, 0);
    svr.set_write_timeout(l.io_timeout_sec, 0);
    svr.set_keep_alive_timeout(l.keep_alive_sec);
    svr.set_keep_alive_max_count(1000);
    svr.set_tcp_nodelay(true);
    svr.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return PreRoute(req, res); });
    svr.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { OnAnswered(req, res); });
    svr.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        res.set_content(ErrorBody(res.status, LibraryErrorMessage(res.status, config.limits)),
                        "application/json");
      }
    });
    svr.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          res.status = 500;
          res.set_content(ErrorBody(500, "internal error"), "application/json");
        });
    svr.Post("/v1/check", [this](const httplib::Request& req, httplib::Response& res) {
      ServiceReply r = service->Check(req.body, req.get_header_value("Content-Type"),
                                      Fields(req.params), Fields(req.headers), config.today());
      if (r.ledger_error) metrics->CountLedgerError();
      if (r.recorded) res.set_header("Dxcheck-Recorded", "true");
      Send(r, res);
    });
    svr.Post("/v1/verify", [this](const httplib::Request& req, httplib::Response& res) {
      Send(service->Verify(req.body, req.get_header_value("Content-Type")), res);
    });
    svr.Get("/v1/lists", [this](const httplib::Request&, httplib::Response& res) {
      Send(service->Lists(), res);
    });
    svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"status\":\"ok\"}\n", "application/json");
    });
    svr.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      std::shared_ptr<const RuleSetSnapshot> snap = rules->Current();
      if (draining || !snap) {
        res.status = 503;
        res.set_content(ErrorBody(503, draining ? "draining" : "no rule set loaded"),
                        "application/json");
        return;
      }
      res.set_content("{\"ready\":true,\"rulesVersion\":" + std::to_string(snap->version) +
                          ",\"rulesDigest\":\"" + snap->digest + "\"}\n",
                      "application/json");
    });
    svr.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics->Render(), "text/plain; version=0.0.4; charset=utf-8");
    });
  }
};

HttpServer::HttpServer(const CheckService* service, RuleSetHolder* rules, Metrics* metrics,
                       ServerConfig config)
    : impl_(new Impl{service, rules, metrics, std::move(config), {}, nullptr, {}, 0}) {
  impl_->Setup();
  if (std::shared_ptr<const RuleSetSnapshot> s = rules->Current()) {
    metrics->SetRuleSet(s->version, s->digest);
  }
}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  Impl& m = *impl_;
  if (m.config.port == 0) {
    m.port = m.svr.bind_to_any_port(m.config.host.c_str());
  } else {
    m.port = m.svr.bind_to_port(m.config.host.c_str(), m.config.port) ? m.config.port : -1;
  }
  if (m.port <= 0) {
    return Status::IoError("cannot listen on " + m.config.host + ":" +
                           std::to_string(m.config.port) +
                           " (address in use, not local, or not permitted)");
  }
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  Impl& m = *impl_;
  ConnectionGuard::Options g;
  g.port = m.port;
  g.deadline = std::chrono::seconds(m.config.limits.request_timeout_sec +
                                    m.config.limits.keep_alive_sec);
  g.max_connections = m.config.limits.max_connections;
  Metrics* metrics = m.metrics;
  g.on_close = [metrics](const std::string& reason) { metrics->CountConnectionClosed(reason); };
  m.guard = std::make_unique<ConnectionGuard>(std::move(g));
  m.guard->Start();
  // Stop() may come before the library's loop runs, when its stop() does
  // nothing: repeat it until the loop has ended.
  std::atomic<bool> done{false};
  std::thread poke([&m, &done] {
    while (!done) {
      if (m.draining) m.svr.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  m.svr.listen_after_bind();  // returns once the workers have finished (drained)
  done = true;
  poke.join();
  m.guard->Stop();
}

void HttpServer::Stop() {
  impl_->draining = true;
  impl_->svr.stop();
}

Status HttpServer::Reload() {
  Impl& m = *impl_;
  DiagnosticList diags;
  Status s = m.rules->Reload(&diags);
  m.metrics->CountReload(s.ok());
  std::shared_ptr<const RuleSetSnapshot> snap = m.rules->Current();
  if (s.ok()) {
    m.metrics->SetRuleSet(snap->version, snap->digest);
    m.Log(EventLogLine("reload", {{"result", "ok"},
                                  {"rulesVersion", std::to_string(snap->version)},
                                  {"rulesDigest", snap->digest}}));
  } else {
    std::string why = s.message();
    std::string details = diags.RenderAll();
    if (!details.empty()) why += ": " + details;
    m.Log(EventLogLine("reload", {{"result", "failed"},
                                  {"reason", why},
                                  {"rulesVersion", snap ? std::to_string(snap->version) : "0"}}));
  }
  return s;
}

}  // namespace dxcheck
