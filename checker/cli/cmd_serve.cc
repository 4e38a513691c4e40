// `dxcheck serve --listen ADDR:PORT`: the decision service (checker/serve).
// This file is its entry: options, keys and tokens, the rule set's first load,
// signals (SIGHUP reloads the lists, SIGTERM and SIGINT drain and exit 0) and
// the log on stderr, one JSON line per request or event.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/cli/ledger_cli.h"
#include "checker/cli/serve_launcher.h"
#include "checker/eval/decision_json.h"
#include "checker/ledger/ledger_pool.h"
#include "checker/serve/check_service.h"
#include "checker/serve/http_server.h"
#include "checker/serve/request_log.h"

namespace dxcheck {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  RuleOptions rules;
  std::string sign;
  PassphraseOptions passphrase;
  std::string sm2_id = kDefaultSm2Id;
  std::vector<std::string> keys;
  std::string tokens;
  std::string ledger;  // --ledger URL (else $DXCHECK_LEDGER)
  ServerLimits limits;
};

std::mutex log_mu;
void LogLine(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mu);
  std::cerr << line << std::flush;
}

bool ParseListen(const std::string& s, std::string* host, int* port) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 == s.size()) return false;
  *host = s.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  if (host->empty()) return false;
  int p = 0;
  for (char c : s.substr(colon + 1)) {
    if (c < '0' || c > '9' || p > 65535) return false;
    p = p * 10 + (c - '0');
  }
  if (p > 65535) return false;
  *port = p;
  return true;
}

int RunServe(const ServeArgs& a) {
  ServerConfig config;
  if (!ParseListen(a.listen, &config.host, &config.port)) {
    std::cerr << "dxcheck: --listen \"" << a.listen << "\" is not ADDR:PORT (e.g. 127.0.0.1:8080; "
              << "port 0 picks a free one)\n";
    return kExitUsage;
  }
  int code = 0;
  std::unique_ptr<Key> signing;
  if (!a.sign.empty()) {
    signing = LoadSigningKeyOrReport(a.sign, a.passphrase, &code);
    if (!signing) return code;
  }
  std::vector<std::unique_ptr<Key>> trusted;
  if (!LoadTrustedKeysOrReport(a.keys, "", &trusted, &code)) return code;
  std::unique_ptr<BearerTokens> tokens;
  if (!a.tokens.empty()) {
    Result<BearerTokens> t = BearerTokens::Load(a.tokens);
    if (!t.ok()) {
      std::cerr << "dxcheck: " << t.status().message() << "\n";
      return ExitFromStatus(t.status());
    }
    tokens = std::make_unique<BearerTokens>(std::move(t).value());
  }
  RuleOptions ropts = a.rules;
  std::string dir = ResolveRulesDir(ropts.rules_dir);
  RuleSetHolder holder([dir, ropts](DiagnosticSink* sink) {
    Result<RuleSet> rules = RuleSet::Load(dir, ropts.lists, sink);
    if (rules.ok()) PrepareDecisionHeads(&*rules);  // before any worker sees it
    return rules;
  });
  DiagnosticList diags;
  Status loaded = holder.Reload(&diags);
  PrintDiagnostics(diags);
  if (!loaded.ok()) {
    std::cerr << "dxcheck: " << loaded.message() << "\n";
    return ExitFromStatus(loaded);
  }
  // The ledger: connections opened on demand, at most one per worker thread
  // and never more than kMaxLedgerConnections (every check takes the
  // ledger's lock, so more connections would only wait in the database
  // instead of here, and N replicas must fit the server's max_connections).
  // One is opened now so that a service does not start on a ledger it
  // cannot use (no schema, unreachable, a wrong password).
  constexpr int kMaxLedgerConnections = 8;
  std::unique_ptr<LedgerPool> ledger;
  std::string ledger_url;
  if (!LedgerUrl(a.ledger, &ledger_url)) return kExitUsage;
  if (!ledger_url.empty()) {
    // The default worker count (one per allowed connection, ServerLimits)
    // is never below 8, so only an explicit --threads lowers the pool.
    int threads = a.limits.threads > 0 ? a.limits.threads : kMaxLedgerConnections;
    // Half the request deadline for a free connection and for the ledger's
    // lock: a check that cannot record in time answers 503 while its client
    // still listens, instead of recording after the client was cut off.
    ledger = std::make_unique<LedgerPool>(
        ledger_url, static_cast<size_t>(std::min(threads, kMaxLedgerConnections)),
        std::max(1000, a.limits.request_timeout_sec * 1000 / 2));
    Status probe = ledger->Probe();
    if (!probe.ok()) {
      std::cerr << "dxcheck: " << probe.message() << "\n";
      return probe.code() == StatusCode::kInvalidInput ? kExitUsage : ExitFromStatus(probe);
    }
  }
  ServiceConfig sc;
  sc.ledger = ledger.get();
  sc.signing_key = signing.get();
  sc.sm2_id = a.sm2_id;
  for (const auto& k : trusted) sc.trusted.push_back(k.get());
  if (signing) sc.trusted.push_back(signing.get());  // its own envelopes verify
  CheckService service(&holder, sc);
  Metrics metrics;
  config.limits = a.limits;
  config.tokens = tokens.get();
  config.log = LogLine;
  config.today = TodayInShanghai;
  // Signals go to one thread that waits for them (sigwait), blocked in every
  // other thread: the handlers run as ordinary code, not in signal context.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up is an error on its write, not our death
  HttpServer server(&service, &holder, &metrics, config);
  Status bound = server.Bind();
  if (!bound.ok()) {
    std::cerr << "dxcheck: " << bound.message() << "\n";
    return kExitIoErr;
  }
  std::shared_ptr<const RuleSetSnapshot> snap = holder.Current();
  LogLine(EventLogLine("listening", {{"address", config.host + ":" + std::to_string(server.port())},
                                     {"rulesVersion", std::to_string(snap->version)},
                                     {"rulesDigest", snap->digest},
                                     {"signing", signing ? signing->keyid() : ""},
                                     {"auth", tokens ? "bearer" : "none"},
                                     {"ledger", ledger ? ledger->display_url() : ""}}));
  std::thread signals([&server, set] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        server.Reload();
        continue;
      }
      LogLine(EventLogLine("draining", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}}));
      server.Stop();
      return;
    }
  });
  server.Run();
  signals.join();
  LogLine(EventLogLine("stopped", {}));
  return kExitOk;
}

}  // namespace

CommandRunner RegisterServe(CLI::App* app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app->add_subcommand("serve", kServeDescription);
  cmd->add_option("--listen", args->listen, "address and port (default 127.0.0.1:8080; port 0 "
                                            "picks a free one, logged at start)")
      ->type_name("ADDR:PORT");
  args->rules.AddTo(cmd);
  cmd->add_option("--sign", args->sign, "sign every decision with this private key (mode 0600): "
                                        "/v1/check answers with DSSE envelopes")
      ->type_name("KEY");
  args->passphrase.AddTo(cmd);
  cmd->add_option("--sm2-id", args->sm2_id, "SM2 distinguishing ID (default 1234567812345678)")
      ->type_name("ID");
  cmd->add_option("--key", args->keys, "a public key /v1/verify trusts (repeatable; the --sign "
                                       "key's own is trusted too)")
      ->type_name("PUB");
  cmd->add_option("--tokens", args->tokens, "bearer tokens, one per line (mode 0600): /v1/* "
                                            "then needs Authorization: Bearer TOKEN")
      ->type_name("FILE");
  cmd->add_option("--ledger", args->ledger,
                  "take prior counts from this transfer ledger, and record checks that ask for it "
                  "(record=true) and may proceed: sqlite:PATH or postgresql://… (default "
                  "$DXCHECK_LEDGER; replicas share one PostgreSQL ledger)")
      ->type_name("URL");
  ServerLimits& l = args->limits;
  cmd->add_option("--max-body", l.max_body_bytes, "largest request body, bytes (default 4 MiB; "
                                                  "413 past it)");
  cmd->add_option("--max-headers", l.max_headers, "most header fields per request (default 100; "
                                                  "431 past it)");
  cmd->add_option("--max-header-bytes", l.max_header_bytes,
                  "most header bytes per request (default 65536; 431 past it)");
  cmd->add_option("--request-timeout", l.request_timeout_sec,
                  "seconds a request may take from its first byte to its answer (default 10)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--io-timeout", l.io_timeout_sec, "seconds one read or write may wait "
                                                    "(default 5)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--keep-alive", l.keep_alive_sec, "seconds an idle connection is kept between "
                                                    "requests (default 5)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-connections", l.max_connections, "open connections at most (default "
                                                          "256; the newest beyond are closed)");
  cmd->add_option("--threads", l.threads, "worker threads (default: one per allowed connection, "
                                          "--max-connections, at most 1024, so slow clients cannot "
                                          "hold every worker)")
      ->check(CLI::Range(1, 1024));
  cmd->footer(
      "Routes: POST /v1/check (manifest JSON; options at, noClearance, strict, record as query "
      "parameters or Dxcheck-* headers; record needs --ledger), POST /v1/verify, GET /v1/lists, /healthz, /readyz, "
      "/metrics (Prometheus). 200 for every verdict, exit code in the body and the "
      "Dxcheck-Exit-Code header; 422 invalid manifest; 400 malformed; 401 no token; 413 body "
      "too large; 415 not JSON; 431 headers too large; with --ledger also 409 transferId "
      "recorded with another manifest, 503 ledger unreachable.\n"
      "Signals: SIGHUP reloads the lists (a failed reload keeps the old set); SIGTERM drains "
      "and exits 0.\n"
      "Example:\n"
      "  dxcheck serve --listen 127.0.0.1:8080 --tokens tokens.txt\n"
      "  curl -sf -H 'Authorization: Bearer ...' -H 'Content-Type: application/json' \\\n"
      "       --data-binary @transfer.json http://127.0.0.1:8080/v1/check");
  return [args] { return RunServe(*args); };
}

}  // namespace dxcheck
