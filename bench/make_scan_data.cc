// make_scan_data: writes the benchmark's synthetic data (scan_data.h) for
// measuring a whole `dxcheck check --data` with /usr/bin/time -v:
//   make_scan_data DIR csv MB [PERSONS]       DIR/scan.csv, DIR/scan.json
//   make_scan_data DIR vcf SAMPLES RECORDS    DIR/scan.vcf, DIR/scan-vcf.json
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/scan_data.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: make_scan_data DIR csv MB [PERSONS] | DIR vcf SAMPLES RECORDS\n");
    return 64;
  }
  std::string dir = argv[1], kind = argv[2];
  uint64_t a = std::strtoull(argv[3], nullptr, 10);
  uint64_t b = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : (kind == "csv" ? 1000000 : 10000);
  dxcheck::ScanFile f = kind == "csv" ? dxcheck::WriteScanCsv(dir, a << 20, b)
                                      : dxcheck::WriteScanVcf(dir, static_cast<int>(a), b);
  if (f.manifest.empty()) {
    std::fprintf(stderr, "make_scan_data: cannot write to %s\n", dir.c_str());
    return 73;
  }
  std::printf("%s: %llu bytes, %llu rows\n%s\n", f.data.c_str(),
              static_cast<unsigned long long>(f.bytes), static_cast<unsigned long long>(f.rows),
              f.manifest.c_str());
  return 0;
}
