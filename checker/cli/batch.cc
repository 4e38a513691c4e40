#include "checker/cli/batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "checker/base/file_io.h"
#include "checker/base/json_value.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/exit_status.h"
#include "checker/ledger/ledger_check.h"
#include "checker/serve/check_service.h"

namespace dxcheck {
namespace {

struct Item {
  std::string name;   // as the record's "input" names it
  std::string bytes;  // the manifest
  std::string read_error;  // set when the manifest could not be read
  int read_exit = 0;
};

struct Record {
  std::string line;  // the JSON Lines record, newline included
  std::string verdict;
  int exit_code = 0;
  // With a ledger: the worker's half (loaded and checked), for the ledger
  // step in input order.
  std::optional<Result<CheckedTransfer>> prepared;
  DiagnosticList diags;
};

Record ErrorRecord(const Item& item, int exit_code, const std::string& message) {
  Record r;
  r.exit_code = exit_code;
  r.line = "{\"input\":" + JsonQuote(item.name) + ",\"exitCode\":" + std::to_string(exit_code) +
           ",\"error\":" + JsonQuote(message) + "}\n";
  return r;
}

Record FromRendered(const Item& item, const BatchArgs& a, const RenderedCheck& c) {
  Record r;
  std::string head = "{\"input\":" + JsonQuote(item.name);
  r.exit_code = c.exit_code;
  if (!c.decided) {
    std::string message = c.status.code() == StatusCode::kInvalidInput
                              ? std::to_string(c.diags.error_count()) + " error(s); no decision made"
                              : c.status.message();
    r.line = head + ",\"exitCode\":" + std::to_string(r.exit_code) + ",\"error\":" +
             JsonQuote(message) + ",\"diagnostics\":" + DiagnosticsToJson(c.diags) + "}\n";
    return r;
  }
  r.verdict = c.verdict;
  r.line = head + ",\"exitCode\":" + std::to_string(r.exit_code) + ",\"verdict\":" +
           JsonQuote(c.verdict) + (a.key ? ",\"envelope\":" : ",\"decision\":") + c.output +
           "}\n";
  return r;
}

// The worker's part of one item: the whole check without a ledger; with one,
// loading and checking only (Finish does the rest in input order).
Record MakeRecord(const Item& item, const BatchArgs& a, const RuleSet& rules) {
  if (!item.read_error.empty()) return ErrorRecord(item, item.read_exit, item.read_error);
  if (a.ledger.empty()) {
    return FromRendered(item, a, CheckAndRender(item.bytes, item.name, rules, a.check, a.key,
                                                a.sm2_id));
  }
  Record r;
  r.prepared = PrepareTransfer(item.bytes, item.name, rules, a.check, &r.diags);
  return r;
}

// The ledger step of a prepared record, on the batch's one connection.
Record Finish(const Item& item, const BatchArgs& a, const RuleSet& rules, Ledger* ledger,
              Record r) {
  if (!r.prepared) return r;  // decided by the worker (a read error)
  Result<CheckedTransfer>& t = *r.prepared;
  RenderedCheck c;
  c.diags = std::move(r.diags);
  if (!t.ok()) {
    c.status = t.status();
    c.exit_code = ExitFromStatus(t.status());
    return FromRendered(item, a, c);
  }
  Result<LedgerCheckResult> d =
      DecideWithLedger(ledger, &*t, item.name, rules, a.check, TransferPersons{}, a.record);
  if (!d.ok()) return ErrorRecord(item, ExitFromStatus(d.status()), d.status().message());
  c = RenderDecision(d->decision, item.name, a.key, a.sm2_id);
  return FromRendered(item, a, c);
}

// The manifests to check, in input order. Returns false (after printing why,
// setting `*code`) when the batch itself cannot be read.
bool ReadItems(const BatchArgs& a, std::vector<Item>* items, int* code) {
  if (!a.dir.empty()) {
    Result<std::vector<std::string>> files = ListJsonFiles(a.dir);
    if (!files.ok()) {
      std::cerr << "dxcheck: " << files.status().message() << "\n";
      *code = ExitFromStatus(files.status());
      return false;
    }
    for (const std::string& f : *files) {
      Item it;
      it.name = f;
      Result<std::string> bytes = ReadFile(f);
      if (bytes.ok()) {
        it.bytes = std::move(bytes).value();
      } else {
        it.read_error = bytes.status().message();
        it.read_exit = ExitFromStatus(bytes.status());
      }
      items->push_back(std::move(it));
    }
    return true;
  }
  std::string text;
  std::string label = a.batch_file == "-" ? "stdin" : a.batch_file;
  if (a.batch_file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::optional<std::string> t = ReadFileOrReport(a.batch_file, code, size_t{1} << 30);
    if (!t) return false;
    text = std::move(*t);
  }
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines
    items->push_back(Item{label + ":" + std::to_string(line_no), std::move(line), "", 0});
  }
  return true;
}

bool ShowProgress() {
  const char* ci = std::getenv("CI");
  return isatty(STDERR_FILENO) && (ci == nullptr || std::string(ci) != "true");
}

}  // namespace

int RunBatch(const BatchArgs& a, const RuleSet& rules) {
  int code = 0;
  std::unique_ptr<Ledger> ledger;
  if (!a.ledger.empty()) {
    // Opened first: a batch does not check a thousand manifests to find that
    // its ledger was never reachable.
    Result<std::unique_ptr<Ledger>> l = Ledger::Open(a.ledger, false);
    Result<std::vector<Totals>> probe =
        l.ok() ? (*l)->AllTotals("", 0) : Result<std::vector<Totals>>(l.status());
    if (!probe.ok()) {
      std::cerr << "dxcheck: " << probe.status().message() << "\n";
      return probe.status().code() == StatusCode::kInvalidInput ? kExitUsage
                                                                 : ExitFromStatus(probe.status());
    }
    ledger = std::move(l).value();
  }
  std::vector<Item> items;
  if (!ReadItems(a, &items, &code)) return code;
  size_t n = items.size();
  if (n == 0) {
    // Fail closed: a batch that checked nothing must not pass a pipeline's gate.
    std::cerr << "dxcheck: " << (a.dir.empty() ? a.batch_file : a.dir)
              << ": no manifest to check (a directory is checked as a batch of its *.json "
                 "files; a batch file holds one manifest per line)\n";
    return kExitNoInput;
  }
  int jobs = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<int>(std::min<size_t>(static_cast<size_t>(jobs), std::max<size_t>(n, 1)));
  std::vector<Record> records(n);
  std::vector<char> done(n, 0);
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  // Workers stay at most `window` manifests ahead of the one written next:
  // a record waiting for its turn holds a prepared transfer (with --ledger,
  // the whole manifest and its profile), so a batch of any length is checked
  // in bounded memory. The worker holding the next index never waits.
  const size_t window = 4 * static_cast<size_t>(jobs);
  size_t emitted = 0;  // guarded by mu
  std::vector<std::thread> workers;
  for (int j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) {
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return i < emitted + window; });
        }
        Record r = MakeRecord(items[i], a, rules);
        std::lock_guard<std::mutex> lock(mu);
        records[i] = std::move(r);
        done[i] = 1;
        cv.notify_all();
      }
    });
  }
  // Records go out in input order as soon as each and all before it are done.
  std::string out;
  bool progress = ShowProgress();
  std::map<std::string, size_t> per_verdict;
  std::map<int, size_t> per_exit;
  int worst = 0;
  for (size_t i = 0; i < n; ++i) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done[i] != 0; });
    Record r = std::move(records[i]);
    emitted = i + 1;
    lock.unlock();
    cv.notify_all();
    if (ledger) r = Finish(items[i], a, rules, ledger.get(), std::move(r));
    ++per_verdict[r.verdict.empty() ? "error" : r.verdict];
    ++per_exit[r.exit_code];
    worst = std::max(worst, r.exit_code);
    if (a.out.empty()) {
      std::cout << r.line;
    } else {
      out += r.line;
    }
    if (progress) std::cerr << "\r[" << (i + 1) << "/" << n << "] " << std::flush;
  }
  for (std::thread& w : workers) w.join();
  if (progress) std::cerr << "\r";
  std::cout << std::flush;
  if (!a.out.empty()) {
    int w = WriteOutput(a.out, out);
    if (w != 0) return w;
  }
  std::cerr << "dxcheck: " << n << " manifest(s):";
  const char* sep = " ";
  for (const auto& [v, k] : per_verdict) {
    std::cerr << sep << k << " " << v;
    sep = ", ";
  }
  std::cerr << "; exit codes:";
  sep = " ";
  for (const auto& [e, k] : per_exit) {
    std::cerr << sep << e << " x" << k;
    sep = ", ";
  }
  std::cerr << "; exit " << worst << "\n";
  return worst;
}

}  // namespace dxcheck
