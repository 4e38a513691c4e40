// dxcheck's side of bench/compare (README.md): every request of a JSON Lines
// file of manifests checked in process on one thread, the whole check
// (RunCheck: parse, validate, classify, consistency, evaluate, clearance)
// and its JSON decision, as `dxcheck check` does it; then the floor
// (bench/floor) on the same requests. Writes each request's outcome (verdict,
// obligation ids, matched and relieved rules, from the Decision) as one JSON
// line for peers.js to compare with, and a summary with both rates and the
// floor's agreement with dxcheck.
//
//   dxcheck_compare RULES_DIR MANIFESTS.jsonl OUTCOMES.jsonl SUMMARY.json [SECONDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "bench/floor/floor.h"
#include "checker/base/file_io.h"
#include "checker/base/json_value.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"

namespace dxcheck {
namespace {

int Fail(const std::string& why) {
  std::fprintf(stderr, "dxcheck_compare: %s\n", why.c_str());
  return 70;
}

std::string Array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + JsonQuote(v[i]);
  return out + "]";
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int Main(int argc, char** argv) {
  if (argc < 5) return Fail("usage: RULES_DIR MANIFESTS.jsonl OUTCOMES.jsonl SUMMARY.json [SECONDS]");
  double seconds = argc > 5 ? std::atof(argv[5]) : 3.0;
  DiagnosticList rule_diags;
  Result<RuleSet> rules = RuleSet::Load(argv[1], {}, &rule_diags);
  if (!rules.ok()) return Fail(rule_diags.RenderAll() + rules.status().message());
  PrepareDecisionHeads(&*rules);  // as batch and serve do
  Result<std::string> all = ReadFile(argv[2], size_t{1} << 30);
  if (!all.ok()) return Fail(all.status().message());
  std::vector<std::string> manifests;
  for (size_t at = 0; at < all->size();) {
    size_t end = all->find('\n', at);
    if (end == std::string::npos) end = all->size();
    if (end > at) manifests.push_back(all->substr(at, end - at));
    at = end + 1;
  }
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  Floor floor(*rules, options.evaluation.at);

  // Outcomes, and the floor's agreement with them.
  std::string outcomes;
  size_t floor_verdict = 0, floor_rules = 0;
  Floor::Outcome fo;
  size_t decision_bytes = 0;
  for (size_t i = 0; i < manifests.size(); ++i) {
    DiagnosticList diags;
    Result<Decision> d = RunCheck(manifests[i], "request", *rules, options, &diags);
    if (!d.ok()) return Fail("request " + std::to_string(i + 1) + ": " + diags.RenderAll());
    decision_bytes += DecisionToJson(*d).size();
    std::vector<std::string> obligations, matches, relieved;
    for (const Obligation& o : d->obligations) obligations.emplace_back(o.id);
    for (const Match& m : d->matches) matches.push_back(m.QualifiedRule());
    for (const Match& m : d->relieved) relieved.push_back(m.QualifiedRule());
    outcomes += "{\"verdict\":\"" + std::string(VerdictName(d->verdict)) +
                "\",\"obligations\":" + Array(obligations) + ",\"matches\":" + Array(matches) +
                ",\"relieved\":" + Array(relieved) + "}\n";
    if (!floor.Check(manifests[i], &fo)) return Fail("floor: request " + std::to_string(i + 1));
    floor_verdict += fo.verdict == static_cast<int>(d->verdict);
    std::set<std::string> fm, fr;
    for (size_t r = 0; r < fo.fired.size(); ++r) {
      if (fo.fired[r]) (fo.relieved[r] ? fr : fm).insert(floor.rules()[r]);
    }
    floor_rules += fm == std::set<std::string>(matches.begin(), matches.end()) &&
                   fr == std::set<std::string>(relieved.begin(), relieved.end());
  }
  if (!WriteFileAtomic(argv[3], outcomes).ok()) return Fail(std::string("cannot write ") + argv[3]);

  // Rates: whole passes over the requests until `seconds` have gone by.
  size_t done = 0;
  auto t0 = std::chrono::steady_clock::now();
  size_t bytes = 0;  // kept, so the JSON is not optimised away
  do {
    for (const std::string& m : manifests) {
      DiagnosticList diags;
      Result<Decision> d = RunCheck(m, "request", *rules, options, &diags);
      std::string json = DecisionToJson(*d);
      bytes += json.size();
    }
    done += manifests.size();
  } while (Seconds(t0) < seconds);
  double dx_rate = static_cast<double>(done) / Seconds(t0);
  done = 0;
  int verdicts = 0;
  t0 = std::chrono::steady_clock::now();
  do {
    for (const std::string& m : manifests) {
      floor.Check(m, &fo);
      verdicts += fo.verdict;
    }
    done += manifests.size();
  } while (Seconds(t0) < seconds);
  double floor_rate = static_cast<double>(done) / Seconds(t0);
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "{\"requests\": %zu, \"dxcheck_rate\": %.0f, \"floor_rate\": %.0f, "
                "\"floor_agree_verdict\": %zu, \"floor_agree_rules\": %zu, \"decision_bytes\": %zu}\n",
                manifests.size(), dx_rate, floor_rate, floor_verdict, floor_rules,
                decision_bytes / std::max<size_t>(1, manifests.size()));
  if (!WriteFileAtomic(argv[4], summary).ok()) return Fail(std::string("cannot write ") + argv[4]);
  std::fprintf(stderr, "dxcheck_compare: %zu requests; dxcheck %.0f checks/s, floor %.0f checks/s "
               "(%d)\n", manifests.size(), dx_rate, floor_rate, static_cast<int>((verdicts + bytes) & 1));
  return 0;
}

}  // namespace
}  // namespace dxcheck

int main(int argc, char** argv) { return dxcheck::Main(argc, argv); }
