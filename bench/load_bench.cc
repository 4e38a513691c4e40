// Rule loading, the fixed cost of every fresh `dxcheck check` process (issue
// 15): the shipped rules directory loaded whole, and its parts — the code list
// parsed and validated, the classifier's RE2 sets built from it, the lists
// parsed and validated against it — so a change to one shows where it went.
//
//   build/release/dxcheck_bench --benchmark_filter=BM_Load
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "checker/base/file_io.h"
#include "checker/categories/category_list.h"
#include "checker/categories/classifier.h"
#include "checker/rules/rule_list.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {
namespace {

std::string RulesDir() { return std::string(DXCHECK_SOURCE_DIR) + "/rules"; }

std::string Bytes(const std::string& path) {
  Result<std::string> b = ReadFile(path);
  if (!b.ok()) std::abort();
  return std::move(b).value();
}

void BM_LoadRuleSet(benchmark::State& state) {
  for (auto _ : state) {
    DiagnosticList diags;
    Result<RuleSet> rules = RuleSet::Load(RulesDir(), {}, &diags);
    if (!rules.ok()) state.SkipWithError("the shipped rules do not load");
    benchmark::DoNotOptimize(rules);
  }
}
BENCHMARK(BM_LoadRuleSet)->Unit(benchmark::kMicrosecond);

void BM_LoadCategoryList(benchmark::State& state) {
  std::string bytes = Bytes(RulesDir() + "/" + kCategoryListFile);
  for (auto _ : state) {
    DiagnosticList diags;
    Result<CategoryList> list = CategoryList::Load(bytes, kCategoryListFile, &diags);
    if (!list.ok()) state.SkipWithError("the code list does not load");
    benchmark::DoNotOptimize(list);
  }
}
BENCHMARK(BM_LoadCategoryList)->Unit(benchmark::kMicrosecond);

void BM_LoadClassifier(benchmark::State& state) {
  DiagnosticList diags;
  CategoryList list =
      CategoryList::Load(Bytes(RulesDir() + "/" + kCategoryListFile), kCategoryListFile, &diags)
          .value();
  for (auto _ : state) {
    Result<Classifier> c = Classifier::Build(list, kCategoryListFile, &diags);
    if (!c.ok()) state.SkipWithError("the classifier does not build");
    benchmark::DoNotOptimize(c);
  }
  state.counters["patterns"] = static_cast<double>(Classifier::Build(list, "", &diags)->pattern_count());
}
BENCHMARK(BM_LoadClassifier)->Unit(benchmark::kMicrosecond);

void BM_LoadLists(benchmark::State& state) {
  DiagnosticList diags;
  std::string dir = RulesDir();
  CategoryList list =
      CategoryList::Load(Bytes(dir + "/" + kCategoryListFile), kCategoryListFile, &diags).value();
  std::vector<std::pair<std::string, std::string>> files;
  Result<std::vector<std::string>> names = ListJsonFiles(dir);
  if (!names.ok()) std::abort();
  for (const std::string& f : *names) {
    if (f != dir + "/" + kCategoryListFile) files.push_back({f, Bytes(f)});
  }
  for (auto _ : state) {
    for (const auto& [path, bytes] : files) {
      Result<RuleList> l = LoadRuleList(bytes, path, list, &diags);
      if (!l.ok()) state.SkipWithError("a shipped list does not load");
      benchmark::DoNotOptimize(l);
    }
  }
  state.counters["lists"] = static_cast<double>(files.size());
}
BENCHMARK(BM_LoadLists)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck
