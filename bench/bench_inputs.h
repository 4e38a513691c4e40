// The benchmarks' inputs: the bench manifest (untagged fields named as exports
// name them) and rule sets built from the shipped rules, with synthetic
// patterns added and the lists copied under new ids, for the curves.
#ifndef DXCHECK_BENCH_BENCH_INPUTS_H_
#define DXCHECK_BENCH_BENCH_INPUTS_H_

#include <string>

#include "checker/rules/rule_set.h"

namespace dxcheck {

// A manifest of `fields` untagged fields (SDTM variables, Chinese hospital
// columns, lab, genomic and process fields, cycling), one line of fields.
std::string ManifestJson(int fields);

// The shipped rules directory (extra == 0, copies == 1), or a directory with
// the shipped code list plus `extra` synthetic patterns (alternately on names
// and descriptions, in realistic shapes) and the lists cn-baseline, cn-hgr
// and bj-ftz-2024-pharma, each `copies` times (copy c > 0 as "<id>-c<c>").
// Loaded once per argument pair; aborts when the rules do not load.
const RuleSet& Rules(int extra, int copies = 1);

// The path of `rel` in the source tree.
std::string Source(const std::string& rel);

}  // namespace dxcheck

#endif  // DXCHECK_BENCH_BENCH_INPUTS_H_
