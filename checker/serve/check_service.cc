#include "checker/serve/check_service.h"

#include <strings.h>

#include "checker/attest/statement.h"
#include "checker/attest/verify.h"
#include "checker/base/digest.h"
#include "checker/base/json_parser.h"
#include "checker/base/json_value.h"
#include "checker/eval/decision_json.h"
#include "checker/ledger/ledger_check.h"
#include "checker/rules/rule_list.h"
#include "checker/rules/verdict.h"

namespace dxcheck {
namespace {

// The name a manifest posted to the service goes by in its decision and in
// the signed statement's subject: a body has no file name of its own.
constexpr char kBodyName[] = "datapackage.json";

ServiceReply Error(int status, const std::string& message) {
  ServiceReply r;
  r.status = status;
  r.body = ErrorBody(status, message);
  return r;
}

// The sysexits code the CLI would exit with (cli/exit_status.h's mapping;
// that header is the command line's, above this layer).
int ExitCodeOf(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidInput: return 65;
    case StatusCode::kNotFound: return 66;
    case StatusCode::kPermission: return 77;
    case StatusCode::kIoError: return 74;
    default: return 70;
  }
}

// JSON text on one line: whitespace outside strings dropped (a JSON string
// cannot hold a raw newline, so the result is one line of the same document).
std::string OneLine(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false, escaped = false;
  for (char c : json) {
    if (in_string) {
      out += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_string = true;
    out += c;
  }
  return out;
}

}  // namespace

bool IsJsonContentType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  if (t.empty()) return true;
  if (strcasecmp(t.c_str(), "application/json") == 0) return true;
  return t.size() > 17 && strncasecmp(t.c_str(), "application/", 12) == 0 &&
         strcasecmp(t.c_str() + t.size() - 5, "+json") == 0;
}

RenderedCheck RenderDecision(const Decision& decision, const std::string& name, const Key* key,
                             const std::string& sm2_id) {
  RenderedCheck out;
  if (key != nullptr) {
    Result<std::string> env = SignDecision(decision, name, *key, sm2_id, {});
    if (!env.ok()) {
      out.status = Status::Internal("signing failed: " + env.status().message());
      out.exit_code = 70;
      return out;
    }
    out.output = OneLine(env.value());
  } else {
    out.output = DecisionToCompactJson(decision);
  }
  out.decided = true;
  out.verdict = VerdictName(decision.verdict);
  out.transfer_id = decision.transfer_id;
  out.exit_code = decision.exit_code;
  return out;
}

RenderedCheck CheckAndRender(const std::string& bytes, const std::string& name,
                            const RuleSet& rules, const CheckOptions& options, const Key* key,
                            const std::string& sm2_id) {
  DiagnosticList diags;
  Result<Decision> decision = RunCheck(bytes, name, rules, options, &diags);
  if (!decision.ok()) {
    RenderedCheck out;
    out.diags = std::move(diags);
    out.status = decision.status();
    out.exit_code = ExitCodeOf(out.status);
    return out;
  }
  RenderedCheck out = RenderDecision(*decision, name, key, sm2_id);
  out.diags = std::move(diags);
  return out;
}

std::string DiagnosticsToJson(const DiagnosticList& diags) {
  std::string o = "[";
  for (const Diagnostic& d : diags.all()) {
    if (o.size() > 1) o += ",";
    o += "{\"severity\":";
    o += d.severity == Severity::kError ? "\"error\"" : "\"warning\"";
    o += ",\"code\":" + JsonQuote(d.code) + ",\"message\":" + JsonQuote(d.message);
    if (d.line > 0) {
      o += ",\"line\":" + std::to_string(d.line) + ",\"column\":" + std::to_string(d.column);
    }
    o += ",\"pointer\":" + JsonQuote(d.json_pointer) + "}";
  }
  return o + "]";
}

std::string ErrorBody(int status, const std::string& message, int exit_code,
                      const DiagnosticList* diags) {
  std::string o = "{\"error\":{\"status\":" + std::to_string(status) +
                  ",\"message\":" + JsonQuote(message) + "}";
  if (exit_code >= 0) o += ",\"exitCode\":" + std::to_string(exit_code);
  if (diags != nullptr) o += ",\"diagnostics\":" + DiagnosticsToJson(*diags);
  return o + "}\n";
}

ServiceReply CheckService::Check(const std::string& body, const std::string& content_type,
                                 const HttpFields& query, const HttpFields& headers,
                                 const Date& today) const {
  if (!IsJsonContentType(content_type)) {
    return Error(415, "a manifest is JSON: send Content-Type: application/json");
  }
  Result<CheckRequestOptions> opts = ParseCheckRequestOptions(query, headers);
  if (!opts.ok()) return Error(400, opts.status().message());
  if (opts->record && config_.ledger == nullptr) {
    // Refused rather than answered as if it had been recorded.
    return Error(400, "record needs a ledger (dxcheck serve --ledger), and this service has none");
  }
  std::shared_ptr<const RuleSetSnapshot> snap = rules_->Current();
  if (!snap) return Error(503, "no rule set loaded");
  CheckOptions options;
  options.evaluation.at = opts->at ? *opts->at : today;
  options.evaluation.clearance = !opts->no_clearance;
  options.strict = opts->strict;
  ServiceReply r;
  r.rules_version = snap->version;
  if (config_.ledger != nullptr) {
    CheckOnLedger(body, snap->rules, options, opts->record, &r);
    return r;
  }
  RenderedCheck c =
      CheckAndRender(body, kBodyName, snap->rules, options, config_.signing_key, config_.sm2_id);
  r.exit_code = c.exit_code;
  if (!c.decided) {
    bool invalid = c.status.code() == StatusCode::kInvalidInput;
    r.status = invalid ? 422 : 500;
    std::string message =
        invalid ? std::to_string(c.diags.error_count()) + " error(s); no decision made"
                : c.status.message();
    r.body = ErrorBody(r.status, message, c.exit_code, &c.diags);
    return r;
  }
  r.body = std::move(c.output);
  if (r.body.empty() || r.body.back() != '\n') r.body += '\n';
  if (config_.signing_key != nullptr) r.content_type = "application/vnd.dsse.envelope.v1+json";
  r.verdict = c.verdict;
  r.transfer_id = c.transfer_id;
  return r;
}

void CheckService::CheckOnLedger(const std::string& body, const RuleSet& rules,
                                 const CheckOptions& options, bool record,
                                 ServiceReply* r) const {
  DiagnosticList diags;
  Result<CheckedTransfer> t = PrepareTransfer(body, kBodyName, rules, options, &diags);
  if (!t.ok()) {
    bool invalid = t.status().code() == StatusCode::kInvalidInput;
    r->status = invalid ? 422 : 500;
    r->exit_code = ExitCodeOf(t.status());
    r->body = ErrorBody(r->status,
                        invalid ? std::to_string(diags.error_count()) + " error(s); no decision made"
                                : t.status().message(),
                        r->exit_code, &diags);
    return;
  }
  r->transfer_id = t->manifest.transfer_id;
  if (t->manifest.transfer_id.empty()) {
    r->status = 422;
    r->exit_code = 65;
    r->body = ErrorBody(422, "a transfer checked against the ledger needs dxcheck.transferId "
                             "(the ledger's key)", 65, &diags);
    return;
  }
  Result<LedgerCheckResult> checked = Status::Internal("not run");
  Status s = config_.ledger->Use([&](Ledger* l) {
    checked = DecideWithLedger(l, &*t, kBodyName, rules, options, TransferPersons{}, record);
    return checked.status();
  });
  if (!s.ok()) {
    // The only InvalidInput left is the ledger's refusal of a transferId it
    // holds with another manifest: a conflict with the ledger's state.
    bool refused = s.code() == StatusCode::kInvalidInput;
    r->status = refused ? 409 : s.code() == StatusCode::kInternal ? 500 : 503;
    r->exit_code = ExitCodeOf(s);
    r->ledger_error = !refused;
    r->body = ErrorBody(r->status, s.message(), r->exit_code);
    return;
  }
  RenderedCheck c = RenderDecision(checked->decision, kBodyName, config_.signing_key,
                                   config_.sm2_id);
  r->exit_code = c.exit_code;
  if (!c.decided) {
    r->status = 500;
    r->body = ErrorBody(500, c.status.message(), c.exit_code);
    return;
  }
  r->recorded = checked->outcome.recorded;
  r->body = std::move(c.output);
  if (r->body.empty() || r->body.back() != '\n') r->body += '\n';
  if (config_.signing_key != nullptr) r->content_type = "application/vnd.dsse.envelope.v1+json";
  r->verdict = c.verdict;
}

ServiceReply CheckService::Verify(const std::string& body, const std::string& content_type) const {
  if (!IsJsonContentType(content_type)) {
    return Error(415, "an envelope is JSON: send Content-Type: application/json");
  }
  if (config_.trusted.empty()) {
    return Error(501, "this service trusts no key: start it with --key PUB or --sign KEY");
  }
  DiagnosticList diags;
  std::optional<JsonValue> doc = ParseJsonObject(body, "request body", {}, "an envelope", &diags);
  if (!doc) return Error(400, "the body is not a JSON object");
  std::string envelope = body, manifest;
  bool with_manifest = false;
  if (const JsonValue* e = doc->Find("envelope")) {
    if (!e->is_string()) return Error(400, "\"envelope\" must be the envelope's text, a string");
    envelope = e->text;
    if (const JsonValue* m = doc->Find("manifest")) {
      if (!m->is_string()) return Error(400, "\"manifest\" must be the manifest's exact text");
      manifest = m->text;
      with_manifest = true;
    }
  }
  std::shared_ptr<const RuleSetSnapshot> snap = rules_->Current();
  if (!snap) return Error(503, "no rule set loaded");
  VerifyOptions o;
  o.trusted = config_.trusted;
  o.sm2_id = config_.sm2_id;
  if (with_manifest) {
    o.manifest = &manifest;
    o.manifest_file = kBodyName;
    o.rules = &snap->rules;
  }
  VerifyReport report = VerifyEnvelope(envelope, "envelope", o);
  ServiceReply r;
  r.rules_version = snap->version;
  r.body = VerifyReportToJson(report);
  if (r.body.empty() || r.body.back() != '\n') r.body += '\n';
  r.exit_code = report.valid() ? 0 : 1;
  return r;
}

ServiceReply CheckService::Lists() const {
  std::shared_ptr<const RuleSetSnapshot> snap = rules_->Current();
  if (!snap) return Error(503, "no rule set loaded");
  const RuleSet& rs = snap->rules;
  std::string o = "{\"version\":" + std::to_string(snap->version) +
                  ",\"digest\":" + JsonQuote(snap->digest) +
                  ",\"categories\":{\"version\":" + JsonQuote(rs.categories().version()) +
                  ",\"sha256\":" + JsonQuote(Sha256Hex(rs.categories_source().bytes)) +
                  "},\"lists\":[";
  for (size_t i = 0; i < rs.lists().size(); ++i) {
    const RuleList& l = rs.lists()[i];
    if (i > 0) o += ",";
    o += "{\"id\":" + JsonQuote(l.id) + ",\"version\":" + JsonQuote(l.version) +
         ",\"kind\":" + JsonQuote(ListKindName(l.kind)) + ",\"status\":" + JsonQuote(l.status) +
         ",\"sha256\":" + JsonQuote(l.sha256) + "}";
  }
  ServiceReply r;
  r.rules_version = snap->version;
  r.body = o + "]}\n";
  return r;
}

}  // namespace dxcheck
