// `dxcheck check MANIFEST`: the pre-transfer gate. Writes the decision (JSON
// or text) and exits with the decision's code.

#include <iostream>
#include <memory>

#include "checker/attest/statement.h"
#include "checker/attest/x509.h"
#include "checker/base/file_io.h"
#include "checker/cli/batch.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/data_args.h"
#include "checker/cli/exit_status.h"
#include "checker/cli/ledger_cli.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "checker/eval/decision_text.h"
#include "checker/ledger/sql_store.h"

namespace dxcheck {
namespace {

struct CheckArgs {
  std::string manifest;
  RuleOptions rules;
  std::string at;
  std::string out;
  std::string format = "json";
  bool strict = false;
  bool no_clearance = false;
  bool fail_on_warn = false;
  std::string sign;  // private key file
  std::string cert;  // the signer's certificate chain (PEM, leaf first)
  PassphraseOptions passphrase;
  std::string sm2_id = kDefaultSm2Id;
  DataArgs data;
  std::string ledger;  // --ledger URL (else $DXCHECK_LEDGER)
  bool record = false;
  std::string batch;  // --batch FILE.jsonl|- (batch.h)
  int jobs = 0;
};

int RunCheckCommand(const CheckArgs& a) {
  std::optional<Date> at = AtOrToday(a.at);
  if (!at) return kExitUsage;
  int code = 0;
  if (!a.sign.empty() && a.format == "text") {
    std::cerr << "dxcheck: --sign writes the signed DSSE envelope (JSON): it has no --format text "
                 "(check without --sign for the text, or read the envelope with dxcheck verify)\n";
    return kExitUsage;
  }
  std::unique_ptr<Key> key;
  if (!a.sign.empty()) {
    key = LoadSigningKeyOrReport(a.sign, a.passphrase, &code);
    if (!key) return code;
  }
  std::vector<std::string> chain;
  if (!a.cert.empty()) {
    if (!key) {
      std::cerr << "dxcheck: --cert goes with --sign: it is the signing key's certificate chain\n";
      return kExitUsage;
    }
    std::optional<std::string> pem = ReadFileOrReport(a.cert, &code, 1 << 20);
    if (!pem) return code;
    Result<std::vector<std::string>> der = ChainForKey(*pem, *key);
    if (!der.ok()) {
      std::cerr << "dxcheck: " << a.cert << ": " << der.status().message() << "\n";
      return kExitNoPerm;
    }
    chain = std::move(der).value();
  }
  bool batch = !a.batch.empty() || IsDirectory(a.manifest);
  if (batch && (a.format != "json" || !a.cert.empty() || a.fail_on_warn || !a.manifest.empty() == !a.batch.empty())) {
    std::cerr << "dxcheck: a batch (--batch FILE, or a directory) takes one of the two, writes JSON "
                 "Lines, and has no --format text, --cert or --fail-on-warn\n";
    return kExitUsage;
  }
  if (!batch && a.manifest.empty()) {
    std::cerr << "dxcheck: check needs a MANIFEST (or --batch FILE.jsonl, or a directory)\n";
    return kExitUsage;
  }
  std::string ledger;
  if (!LedgerUrl(a.ledger, &ledger)) return kExitUsage;
  if (!ledger.empty() && !IsLedgerUrl(ledger)) {
    std::cerr << "dxcheck: ledger URL " << RedactUrl(ledger)
              << ": expected sqlite:PATH or postgresql://… (a libpq URI)\n";
    return kExitUsage;
  }
  if (a.record && ledger.empty()) {
    std::cerr << "dxcheck: --record needs a ledger: --ledger URL or DXCHECK_LEDGER\n";
    return kExitUsage;
  }
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  if (batch) {
    BatchArgs b{a.batch, a.batch.empty() ? a.manifest : "", a.jobs, a.out, {}, key.get(), a.sm2_id,
                ledger, a.record};
    b.check.evaluation.at = *at;
    b.check.evaluation.clearance = !a.no_clearance;
    b.check.strict = a.strict;
    PrepareDecisionHeads(rules.get());  // many decisions with one rule set
    return RunBatch(b, *rules);
  }
  std::optional<std::string> bytes = ReadFileOrReport(a.manifest, &code);
  if (!bytes) return code;
  CheckOptions options;
  options.evaluation.at = *at;
  options.evaluation.clearance = !a.no_clearance;
  options.strict = a.strict;
  std::unique_ptr<PersonKey> person_key;
  DataOptions data;
  if (!a.data.Prepare(a.manifest, &data, &person_key, &code)) return code;
  if (a.data.given()) options.data = &data;
  DiagnosticList diags;
  Result<Decision> decision =
      ledger.empty() ? RunCheck(*bytes, a.manifest, *rules, options, &diags)
                     : CheckAgainstLedger(ledger, a.record, *bytes, a.manifest, *rules, options,
                                          &diags);
  PrintDiagnostics(diags);
  if (!decision.ok()) {
    if (decision.status().code() != StatusCode::kInvalidInput || diags.error_count() == 0) {
      std::cerr << "dxcheck: " << decision.status().message() << "\n";
    } else {
      std::cerr << "dxcheck: " << a.manifest << ": " << diags.error_count()
                << " error(s); no decision made\n";
    }
    return ExitFromStatus(decision.status());
  }
  std::string text;
  if (key) {
    // --sign: the output is the signed envelope, whatever --format says.
    std::string name = a.manifest.substr(a.manifest.rfind('/') + 1);
    Result<std::string> env = SignDecision(*decision, name, *key, a.sm2_id, chain);
    if (!env.ok()) {
      std::cerr << "dxcheck: signing failed: " << env.status().message() << "\n";
      return kExitSoftware;
    }
    text = std::move(env).value();
  } else {
    text = a.format == "json" ? DecisionToJson(*decision)
                              : DecisionToText(*decision, a.out.empty() && StdoutWantsColor());
  }
  int write = WriteOutput(
      a.out, text, InputFiles({a.manifest, a.sign, a.cert, a.passphrase.file}, rules.get()));
  if (write != 0) return write;
  // A gate that lets the transfer through says, where a person sees it, what
  // the decision warns about (the JSON carries them too).
  if (decision->exit_code == 0) PrintDecisionWarnings(a.manifest, *decision, diags);
  if (decision->exit_code == 0 && a.fail_on_warn && !decision->warnings.empty()) {
    std::cerr << "dxcheck: " << decision->warnings.size()
              << " warning(s) and --fail-on-warn: exit " << kExitWarnings << "\n";
    return kExitWarnings;
  }
  return decision->exit_code;
}

}  // namespace

CommandRunner RegisterCheck(CLI::App* app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app->add_subcommand(
      "check", "Evaluate a transfer manifest and write the decision (the pre-transfer gate)");
  cmd->add_option("manifest", args->manifest, "transfer manifest (datapackage.json with a dxcheck "
                                              "object, spec: docs/manifest.md), or a directory "
                                              "of them (a batch)")
      ->type_name("MANIFEST|DIR");  // checked after --data's word (data_args.h)
  cmd->add_option("--batch", args->batch, "check every manifest of a JSON Lines file (one per "
                                          "line; - for stdin): JSON Lines out, in input order")
      ->type_name("FILE.jsonl|-");
  cmd->add_option("--jobs", args->jobs, "batch: worker threads (default: the core count)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  args->rules.AddTo(cmd);
  args->data.AddTo(cmd);
  cmd->add_option("--at", args->at, "evaluation date (default: today in Asia/Shanghai)")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--out", args->out, "write the decision to FILE instead of stdout")
      ->type_name("FILE");
  cmd->add_option("--format", args->format, "json (the decision document) or text")
      ->check(OneOf({"json", "text"}))
      ->type_name("json|text");
  cmd->add_flag("--strict", args->strict,
                "unclassified fields and resources without a schema are errors (exit 65)");
  cmd->add_flag("--no-clearance", args->no_clearance,
                "ignore the manifest's status: report every obligation open; the exit code "
                "follows the verdict alone");
  cmd->add_flag("--fail-on-warn", args->fail_on_warn,
                "a transfer that may proceed but whose decision carries warnings exits 2 instead "
                "of 0 (the decision itself is unchanged)");
  cmd->add_option("--sign", args->sign, "sign the decision with this private key (PEM, mode "
                                        "0600): the output is a DSSE envelope carrying an in-toto "
                                        "Statement")
      ->type_name("KEY");
  args->passphrase.AddTo(cmd);
  cmd->add_option("--cert", args->cert, "the signing key's X.509 certificate chain (PEM, leaf "
                                        "first), carried in the envelope for 'verify --ca'")
      ->type_name("CHAIN");
  cmd->add_option("--ledger", args->ledger,
                  "take the prior counts from this transfer ledger: sqlite:PATH or "
                  "postgresql://… (default $DXCHECK_LEDGER; see 'dxcheck ledger')")
      ->type_name("URL");
  cmd->add_flag("--record", args->record,
                "record the transfer in the ledger when it may proceed, in the same transaction "
                "as the read of the totals");
  cmd->add_option("--sm2-id", args->sm2_id, "SM2 distinguishing ID (default 1234567812345678)")
      ->type_name("ID");
  cmd->footer(
      "Example:\n"
      "  dxcheck check samples/sdtm-mrct-us-sponsor.json --at 2026-12-01 --format text\n"
      "  dxcheck check transfer.json --sign signer.key --out decision.dsse.json\n"
      "  dxcheck check samples/clinical-csv/datapackage.json --data --at 2026-12-01\n"
      "  dxcheck check transfer.json --out decision.json || echo \"blocked: exit $?\"\n"
      "  dxcheck check samples/ --jobs 4 > decisions.jsonl   # exit: the most restrictive\n"
      "  dxcheck check --batch night.jsonl --ledger sqlite:ledger.db --record   # in input order\n"
      "  dxcheck check transfer.json --data --person-key persons.key --ledger URL --record\n"
      "  dxcheck check --data=/mnt/export transfer.json\n\n"
      "Exit codes: 0 may proceed; 2 may proceed, with warnings (--fail-on-warn); 5 only duties open; 10 contract/certification; 20 security "
      "assessment; 30 prohibited; 64 usage; 65 invalid manifest or list (or no baseline list in "
      "force); 66 unreadable file; 70 internal error; 74 cannot write output; 77 key or "
      "permission problem (--sign); with a ledger also 65 transferId recorded with another manifest, "
      "66 no ledger, 74 ledger unreachable.");
  return [args] {
    if (args->batch.empty() && !args->data.ClaimPositional(&args->manifest, "MANIFEST")) {
      return int{kExitUsage};
    }
    return RunCheckCommand(*args);
  };
}

}  // namespace dxcheck
