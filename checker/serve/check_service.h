// CheckService: what the HTTP routes of `dxcheck serve` answer, without the
// HTTP: a request's body, content type and options in, a status and a body
// out. The HTTP layer (http_server.h) only moves bytes, enforces limits and
// logs; everything a client can observe about a check is decided here, so it
// is tested without a socket (tests/unit/serve).
//
//   POST /v1/check   200 + the decision (or its DSSE envelope when the service
//                    signs), whatever the verdict; the exit code in the body
//                    (exitCode) and in the Dxcheck-Exit-Code header.
//                    422 + diagnostics (the CLI's codes and pointers) for an
//                    invalid manifest; 400 malformed options; 415 a body that
//                    is not declared JSON.
//                    With a ledger (serve --ledger): prior counts from it,
//                    and `record` appends a transfer that may proceed; 409
//                    for a transferId recorded with another manifest, 422
//                    for a manifest without transferId, 503 when the ledger
//                    cannot be read or written (counted in /metrics).
//   POST /v1/verify  200 + the verification report (valid true or false).
//   GET  /v1/lists   200 + the rule set in force: each file's id, version,
//                    kind and sha256.
//
// CheckAndRender is the one-manifest step `dxcheck check --batch` shares.
#ifndef DXCHECK_SERVE_CHECK_SERVICE_H_
#define DXCHECK_SERVE_CHECK_SERVICE_H_

#include <string>
#include <vector>

#include "checker/attest/keys.h"
#include "checker/base/date.h"
#include "checker/base/diagnostic.h"
#include "checker/eval/check.h"
#include "checker/ledger/ledger_pool.h"
#include "checker/serve/request_options.h"
#include "checker/serve/rule_set_holder.h"

namespace dxcheck {

// One manifest checked and rendered on one line (for JSON Lines and HTTP
// bodies): the compact decision JSON, or the signed envelope when `key` is
// given. `decided` false when the manifest is invalid
// (status InvalidInput, diagnostics in `diags`) or the check could not run.
struct RenderedCheck {
  bool decided = false;
  Status status;
  DiagnosticList diags;
  std::string output;  // decision JSON or envelope, when decided
  std::string verdict;
  std::string transfer_id;
  int exit_code = 0;  // the decision's (0/5/10/20/30), else the sysexits code
};
RenderedCheck CheckAndRender(const std::string& bytes, const std::string& name,
                            const RuleSet& rules, const CheckOptions& options, const Key* key,
                            const std::string& sm2_id);
// CheckAndRender's rendering half: `decision` on one line, or signed.
RenderedCheck RenderDecision(const Decision& decision, const std::string& name, const Key* key,
                             const std::string& sm2_id);

// Diagnostics as a JSON array of {severity, code, message, line, column,
// pointer} (file names left out: the request body has none).
std::string DiagnosticsToJson(const DiagnosticList& diags);

// An error body: {"error": {"status", "message"}, "exitCode"?, "diagnostics"?}.
std::string ErrorBody(int status, const std::string& message, int exit_code = -1,
                      const DiagnosticList* diags = nullptr);

struct ServiceReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string verdict;      // "" unless a decision was made
  int exit_code = -1;       // the decision's, 65 for an invalid manifest; -1 when none
  std::string transfer_id;  // "" unless the manifest was read
  uint64_t rules_version = 0;
  bool ledger_error = false;  // the ledger could not be read or written
  bool recorded = false;      // this request appended the transfer to the ledger
};

struct ServiceConfig {
  const Key* signing_key = nullptr;    // --sign: answer with DSSE envelopes
  std::string sm2_id = kDefaultSm2Id;
  std::vector<const Key*> trusted;      // keys /v1/verify trusts
  LedgerPool* ledger = nullptr;         // serve --ledger: prior counts from it, `record`
};

class CheckService {
 public:
  // REQUIRES: `rules` outlives the service and the keys in `config` too.
  CheckService(const RuleSetHolder* rules, ServiceConfig config)
      : rules_(rules), config_(std::move(config)) {}

  // `today`: the evaluation date when the request gives none.
  ServiceReply Check(const std::string& body, const std::string& content_type,
                     const HttpFields& query, const HttpFields& headers, const Date& today) const;
  // Body: a DSSE envelope, or {"envelope": ENVELOPE, "manifest": "exact text"}.
  ServiceReply Verify(const std::string& body, const std::string& content_type) const;
  ServiceReply Lists() const;

 private:
  // The ledger half of Check (REQUIRES config_.ledger).
  void CheckOnLedger(const std::string& body, const RuleSet& rules, const CheckOptions& options,
                     bool record, ServiceReply* r) const;

  const RuleSetHolder* rules_;
  ServiceConfig config_;
};

// True for the content types the JSON routes accept: application/json,
// application/*+json (parameters such as charset=utf-8 allowed), or none.
bool IsJsonContentType(const std::string& content_type);

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_CHECK_SERVICE_H_
