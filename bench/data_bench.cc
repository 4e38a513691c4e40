// BM_Scan: `check --data`'s scan (hash + parse + content detectors + person
// counting, data_scan.h) over generated files, next to bare OpenSSL SHA-256
// over the same bytes in the same run (issue 13's goal: the scan at >= 50 %
// of the SHA-256 rate). Both read the file the same way (1 MiB freads, from
// the page cache after the first pass), so the ratio is the cost of parsing.
//
//   build/release/dxcheck_bench --benchmark_filter=BM_Scan --benchmark_counters_tabular=true
//
// DXCHECK_BENCH_SCAN_MB (default 1024) sizes the CSV (20 columns, 1M persons);
// the VCF has 2,000 samples and DXCHECK_BENCH_VCF_RECORDS (default 20000)
// records. Files go to DXCHECK_BENCH_DIR (default /tmp) and are deleted after.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/scan_data.h"
#include "checker/base/file_io.h"
#include "checker/data/data_scan.h"
#include "checker/manifest/manifest_loader.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {
namespace {

uint64_t EnvOr(const char* name, uint64_t dflt) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : dflt;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds of the process (all its threads): on a shared machine the wall
// time says more about the other jobs than about the scan.
double CpuNow() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Bare SHA-256 of the file, read exactly as StreamFile reads it.
double Sha256Seconds(const std::string& path) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<char> buf(1 << 20);
  FILE* f = std::fopen(path.c_str(), "rb");
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  size_t n;
  while (f && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) EVP_DigestUpdate(md, buf.data(), n);
  unsigned char out[32];
  unsigned int len;
  EVP_DigestFinal_ex(md, out, &len);
  EVP_MD_CTX_free(md);
  if (f) std::fclose(f);
  return Seconds(t0);
}

void BM_Scan(benchmark::State& state) {
  std::string dir = std::string(std::getenv("DXCHECK_BENCH_DIR") ? std::getenv("DXCHECK_BENCH_DIR")
                                                                 : "/tmp") +
                    "/dxcheck-bench-scan-" + std::to_string(::getpid());
  std::system(("mkdir -p " + dir).c_str());
  bool vcf = state.range(0) == 1;
  ScanFile file = vcf ? WriteScanVcf(dir, 2000, EnvOr("DXCHECK_BENCH_VCF_RECORDS", 20000))
                      : WriteScanCsv(dir, EnvOr("DXCHECK_BENCH_SCAN_MB", 1024) << 20, 1000000);
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::Load(std::string(DXCHECK_SOURCE_DIR) + "/rules", {}, &diags);
  Result<std::string> bytes = ReadFile(file.manifest);
  Result<Manifest> m = bytes.ok() && rules.ok()
                           ? LoadManifest(*bytes, file.manifest, rules->categories(), &diags)
                           : Result<Manifest>(Status::Internal("setup"));
  if (file.manifest.empty() || !m.ok()) {
    state.SkipWithError("cannot generate or load the benchmark data");
    std::system(("rm -rf " + dir).c_str());
    return;
  }
  DataOptions o;
  o.dir = dir;
  double sha = 0, scan = 0, sha_cpu = 0, scan_cpu = 0;
  uint64_t persons = 0, table = 0;
  for (auto _ : state) {
    double c0 = CpuNow();
    sha = Sha256Seconds(file.data);
    sha_cpu = CpuNow() - c0;
    auto t0 = std::chrono::steady_clock::now();
    c0 = CpuNow();
    DiagnosticList sink;
    Result<DataScan> s = ScanData(*m, rules->categories(), o, &sink);
    scan = Seconds(t0);
    scan_cpu = CpuNow() - c0;
    state.SetIterationTime(scan);
    if (!s.ok() || sink.error_count() != 0) {
      state.SkipWithError("the scan failed");
      break;
    }
    persons = s->persons.size();
    table = s->persons.memory_bytes();
  }
  double mb = static_cast<double>(file.bytes) / (1 << 20);
  state.SetBytesProcessed(static_cast<int64_t>(file.bytes) * state.iterations());
  state.counters["MB"] = mb;
  state.counters["scan_MBps"] = mb / scan;
  state.counters["sha256_MBps"] = mb / sha;
  state.counters["ratio"] = sha / scan;  // scan rate / SHA-256 rate; goal >= 0.5
  state.counters["cpu_ratio"] = sha_cpu / scan_cpu;  // the same in CPU time (all threads)
  state.counters["scan_cpu_s"] = scan_cpu;
  state.counters["sha256_cpu_s"] = sha_cpu;
  state.counters["persons"] = static_cast<double>(persons);
  state.counters["table_B_per_person"] = persons ? static_cast<double>(table) / persons : 0;
  std::system(("rm -rf " + dir).c_str());
}
BENCHMARK(BM_Scan)->ArgName("vcf")->Arg(0)->Arg(1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace dxcheck
