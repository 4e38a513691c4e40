// `dxcheck ledger init | show | verify | export | cancel` (spec/ledger.md
// "Commands"), and the ledger half of `check --ledger URL [--record]`.
#include <cstdlib>
#include <iostream>
#include <memory>

#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/cli/ledger_cli.h"
#include "checker/ledger/ledger_check.h"
#include "checker/ledger/ledger_export.h"
#include "checker/ledger/ledger_verify.h"

namespace dxcheck {
namespace {

struct LedgerArgs {
  std::string url;
  std::string exporter;
  int year = 0;
  std::string out;
  std::string from_export;
  std::string transfer_id, reason;
};

int Fail(const Status& s) {
  std::cerr << "dxcheck: " << s.message() << "\n";
  return ExitFromStatus(s);
}

std::unique_ptr<Ledger> OpenOrReport(const LedgerArgs& a, bool create, int* code) {
  std::string url;
  if (!LedgerUrl(a.url, &url)) {
    *code = kExitUsage;
    return nullptr;
  }
  if (url.empty()) {
    std::cerr << "dxcheck: no ledger: give --ledger URL or set DXCHECK_LEDGER (sqlite:PATH or "
                 "postgresql://…)\n";
    *code = kExitUsage;
    return nullptr;
  }
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(url, create);
  if (!l.ok()) {
    *code = l.status().code() == StatusCode::kInvalidInput ? kExitUsage : Fail(l.status());
    if (*code == kExitUsage) std::cerr << "dxcheck: " << l.status().message() << "\n";
    return nullptr;
  }
  return std::move(l).value();
}

int RunInit(const LedgerArgs& a) {
  int code = 0;
  std::unique_ptr<Ledger> l = OpenOrReport(a, true, &code);
  if (!l) return code;
  Result<int> found = l->Init();
  if (!found.ok()) return Fail(found.status());
  std::cout << "ledger " << l->display_url() << ": ";
  if (*found == kLedgerSchemaVersion) {
    std::cout << "already initialised (schema version " << kLedgerSchemaVersion
              << "); nothing to do\n";
  } else if (*found == 0) {
    std::cout << "created (schema version " << kLedgerSchemaVersion << ")\n";
  } else {
    std::cout << "migrated from schema version " << *found << " to " << kLedgerSchemaVersion
              << "\n";
  }
  return kExitOk;
}

int RunShow(const LedgerArgs& a) {
  int code = 0;
  std::unique_ptr<Ledger> l = OpenOrReport(a, false, &code);
  if (!l) return code;
  Result<std::vector<Totals>> totals = l->AllTotals(a.exporter, a.year);
  if (!totals.ok()) return Fail(totals.status());
  Result<std::vector<StoredEntry>> entries = l->Entries(false);
  if (!entries.ok()) return Fail(entries.status());
  std::cout << "ledger " << l->display_url() << ": " << entries->size() << " entries, head "
            << (entries->empty() ? "(empty)" : entries->back().hash) << "\n";
  for (const Totals& t : *totals) {
    std::cout << "exporter " << t.exporter << " year " << t.year << ": " << t.personal
              << " personal, " << t.sensitive << " sensitive persons in " << t.transfers
              << " recorded transfer(s)\n";
  }
  for (const StoredEntry& e : *entries) {
    if ((!a.exporter.empty() && e.exporter != a.exporter) || (a.year && e.year != a.year)) continue;
    Result<LedgerEntry> b = ParseEntryBody(e.body);
    std::cout << "  #" << e.seq << " " << e.kind << " " << e.transfer_id << " " << e.exporter
              << " " << e.year;
    if (b.ok() && e.kind == "record") {
      std::cout << " " << b->at << " " << b->verdict << " +" << e.personal << "/" << e.sensitive
                << (e.personal_tokenised ? " (tokens)" : "") << " -> " << b->total_personal << "/"
                << b->total_sensitive;
    } else if (b.ok()) {
      std::cout << " " << b->at << " cancels #" << e.cancels << ": " << b->reason;
    }
    std::cout << "\n";
  }
  return kExitOk;
}

int RunVerifyLedger(const LedgerArgs& a) {
  Result<std::vector<StoredEntry>> entries = Status::Internal("unset");
  std::string what;
  if (!a.from_export.empty()) {
    int code = 0;
    std::optional<std::string> text = ReadFileOrReport(a.from_export, &code, size_t{4} << 30);
    if (!text) return code;
    entries = ParseExport(*text);
    if (!entries.ok()) return Fail(Status::InvalidInput(a.from_export + ": " + entries.status().message()));
    what = a.from_export;
  } else {
    int code = 0;
    std::unique_ptr<Ledger> l = OpenOrReport(a, false, &code);
    if (!l) return code;
    entries = l->Entries(true);
    if (!entries.ok()) return Fail(entries.status());
    what = l->display_url();
  }
  LedgerVerification v = VerifyLedger(*entries);
  if (!v.ok) {
    std::cout << "ledger " << what << ": INVALID: " << v.problem << "\n";
    return kExitInvalid;
  }
  std::cout << "ledger " << what << ": ok: " << v.entries << " entries, chain and totals "
            << "recomputed, head " << (v.head.empty() ? "(empty)" : v.head) << "\n";
  return kExitOk;
}

int RunExport(const LedgerArgs& a) {
  int code = 0;
  std::unique_ptr<Ledger> l = OpenOrReport(a, false, &code);
  if (!l) return code;
  Result<std::vector<StoredEntry>> entries = l->Entries(true);
  if (!entries.ok()) return Fail(entries.status());
  std::string text;
  for (const StoredEntry& e : *entries) text += ExportLine(e) + "\n";
  return WriteOutput(a.out, text);
}

int RunCancel(const LedgerArgs& a) {
  int code = 0;
  std::unique_ptr<Ledger> l = OpenOrReport(a, false, &code);
  if (!l) return code;
  Result<LedgerEntry> e = l->Cancel(a.transfer_id, a.exporter, a.reason, TodayInShanghai().ToString());
  if (!e.ok()) return Fail(e.status());
  std::cout << "cancelled transfer " << e->transfer_id << " of " << e->exporter << " (entry "
            << e->cancels << ") by entry " << e->seq << "; " << e->year << " totals now "
            << e->total_personal << " personal, " << e->total_sensitive << " sensitive\n";
  return kExitOk;
}

}  // namespace

Result<Decision> CheckAgainstLedger(const std::string& url, bool record, const std::string& bytes,
                                    const std::string& file, const RuleSet& rules,
                                    const CheckOptions& options, DiagnosticSink* sink) {
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(url, false);
  if (!l.ok()) return l.status();
  Result<LedgerCheckResult> r =
      CheckWithLedger(l->get(), bytes, file, rules, options, TransferPersons{}, record, sink);
  if (!r.ok()) return r.status();
  const CheckOutcome& o = r->outcome;
  if (o.recorded) {
    std::cerr << "dxcheck: " << file << ": recorded in the ledger as entry " << o.entry->seq
              << " (" << o.entry->year << " totals " << o.entry->total_personal << " personal, "
              << o.entry->total_sensitive << " sensitive"
              << (o.entry->personal.tokenised ? ", distinct persons by --person-key tokens" : "")
              << ")\n";
  } else if (o.view.repeat) {
    std::cerr << "dxcheck: " << file << ": already recorded as entry " << o.entry->seq
              << " with this manifest; nothing recorded again\n";
  } else if (record) {
    std::cerr << "dxcheck: " << file << ": not recorded in the ledger: the transfer may not "
              << "proceed (exit " << r->decision.exit_code << ")\n";
  }
  return std::move(r).value().decision;
}

CommandRunner RegisterLedger(CLI::App* app) {
  auto args = std::make_shared<LedgerArgs>();
  CLI::App* cmd = app->add_subcommand(
      "ledger", "The transfer ledger: cumulative persons per exporter since 1 January");
  cmd->require_subcommand(1);
  auto url = [&](CLI::App* sub) {
    sub->add_option("--ledger", args->url,
                    "the ledger: sqlite:PATH or postgresql://… (default $DXCHECK_LEDGER)")
        ->type_name("URL");
  };
  CLI::App* init = cmd->add_subcommand("init", "create the ledger's schema, or migrate it");
  url(init);
  CLI::App* show = cmd->add_subcommand("show", "totals per exporter and year, and the entries");
  url(show);
  show->add_option("--exporter", args->exporter, "only this exporter")->type_name("USCC");
  show->add_option("--year", args->year, "only this counting year")->type_name("YYYY");
  CLI::App* verify = cmd->add_subcommand(
      "verify", "recompute the hash chain and every total; exit 1 naming the first bad entry");
  url(verify);
  verify->add_option("--export", args->from_export,
                     "verify a 'ledger export' file instead of a live ledger")
      ->type_name("FILE");
  CLI::App* exp = cmd->add_subcommand("export", "every entry as JSON Lines, chain hashes and "
                                                "person tokens included");
  url(exp);
  exp->add_option("--out", args->out, "write to FILE instead of stdout")->type_name("FILE");
  CLI::App* cancel = cmd->add_subcommand(
      "cancel", "cancel a recorded transfer that did not happen (a new entry; nothing is deleted)");
  url(cancel);
  cancel->add_option("transfer", args->transfer_id, "the transferId")->required()->type_name("ID");
  cancel->add_option("--reason", args->reason, "why")->required()->type_name("TEXT");
  cancel->add_option("--exporter", args->exporter, "the exporter, when several recorded the id")
      ->type_name("USCC");
  cmd->footer(
      "Example:\n"
      "  dxcheck ledger init --ledger sqlite:/var/lib/dxcheck/ledger.db\n"
      "  export DXCHECK_LEDGER=sqlite:/var/lib/dxcheck/ledger.db\n"
      "  dxcheck check transfer.json --record && run-the-transfer\n"
      "  dxcheck ledger verify && dxcheck ledger export --out ledger.jsonl\n\n"
      "Exit codes: 0 ok; 1 verify found a broken entry; 64 usage; 65 invalid (schema version, "
      "refused); 66 no such ledger or transfer; 74 the ledger cannot be read or written.");
  return [args, init, show, verify, exp, cancel] {
    if (init->parsed()) return RunInit(*args);
    if (show->parsed()) return RunShow(*args);
    if (verify->parsed()) return RunVerifyLedger(*args);
    if (exp->parsed()) return RunExport(*args);
    if (cancel->parsed()) return RunCancel(*args);
    return static_cast<int>(kExitUsage);
  };
}

}  // namespace dxcheck
