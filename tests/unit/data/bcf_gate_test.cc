#include "checker/data/bcf_gate.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

#include "checker/data/vcf_records.h"

namespace dxcheck {
namespace {

std::string Le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

// A BCF stream (decompressed): magic, a header of `text`, and records given
// by their two lengths (the bytes after them are zeros).
std::string Bcf(const std::string& text,
                std::initializer_list<std::pair<uint32_t, uint32_t>> recs) {
  std::string s = std::string("BCF\2\2", 5) + Le32(static_cast<uint32_t>(text.size())) + text;
  for (auto [shared, indiv] : recs)
    s += Le32(shared) + Le32(indiv) + std::string(shared + indiv, '\0');
  return s;
}

// `plain` as gzip members of `member` bytes each (BGZF is a run of members).
std::string Gzip(const std::string& plain, size_t member = 1000) {
  std::string out;
  for (size_t at = 0; at < plain.size() || at == 0; at += member) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string in = plain.substr(at, member);
    std::string buf(deflateBound(&z, in.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.append(buf.data(), buf.size() - z.avail_out);
    deflateEnd(&z);
    if (plain.empty()) break;
  }
  return out;
}

// Passes `file` through a gate in pieces of `step` bytes; what the sink got.
struct Run {
  std::string sent;
  bool passed = true;  // every Pass and End returned true
  Status status;
  bool bcf = false;
  Run(const std::string& file, size_t step = 4096, size_t sink_room = SIZE_MAX) {
    BcfGate gate([&](const char* p, size_t n) {
      if (sent.size() + n > sink_room) return false;
      sent.append(p, n);
      return true;
    });
    for (size_t at = 0; passed && at < file.size(); at += step) {
      passed = gate.Pass(file.data() + at, std::min(step, file.size() - at));
    }
    if (passed) passed = gate.End();
    status = gate.status();
    bcf = gate.bcf();
  }
};

const std::string kText = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

}  // namespace

TEST_CASE("BCF gate: a sound BCF reaches htslib decompressed, plain or gzip, in any pieces") {
  std::string bcf = Bcf(kText, {{32, 0}, {40, 12}, {24, 0}});
  for (size_t step : {size_t{1}, size_t{7}, size_t{4096}}) {
    Run plain(bcf, step);
    CHECK(plain.passed);
    CHECK(plain.status.ok());
    CHECK(plain.bcf);
    CHECK(plain.sent == bcf);
    Run gz(Gzip(bcf, 13), step);
    CHECK(gz.passed);
    CHECK(gz.status.ok());
    CHECK(gz.bcf);
    CHECK(gz.sent == bcf);
  }
}

TEST_CASE("BCF gate: lengths at their bounds pass") {
  std::string header(kMaxVcfHeaderBytes, '#');
  std::string bcf = Bcf(header, {{kMaxVcfPrefixBytes, kMaxVcfPrefixBytes}});
  Run plain(bcf, 1 << 20);
  CHECK(plain.passed);
  CHECK(plain.sent.size() == bcf.size());
  Run gz(Gzip(bcf, 0xff00), 1 << 20);  // BGZF's block of 65,280 bytes
  CHECK(gz.passed);
  CHECK(gz.status.ok());
  CHECK(gz.sent.size() == bcf.size());
}

TEST_CASE("BCF gate: anything else passes unchanged") {
  std::string vcf = kText + "1\t100\t.\tA\tG\t.\tPASS\t.\n";
  for (const std::string& file : {vcf, Gzip(vcf), std::string(), std::string("B")}) {
    Run r(file, 3);
    CHECK(r.passed);
    CHECK(r.status.ok());
    CHECK_FALSE(r.bcf);
    CHECK(r.sent == file);
  }
}

TEST_CASE("BCF gate: a length over its bound is refused before its last byte is sent") {
  struct Case {
    std::string stream;
    size_t lengths_end;  // the offset after the refused length's last byte
    std::string why;
  };
  std::string big_shared = Bcf(kText, {{32, 0}}) + Le32(1u << 30) + Le32(0) + std::string(24, '\0');
  std::string big_indiv = Bcf(kText, {{32, 0}, {32, 0}}) + Le32(32) + Le32(1u << 30);
  std::string big_header = std::string("BCF\2\2", 5) + Le32(1u << 30) + kText;
  for (const Case& c :
       {Case{big_shared, big_shared.size() - 24,
             "record 2: its columns before the samples are longer than 16 MiB"},
        Case{big_indiv, big_indiv.size(),
             "record 3: its sample columns are longer than 16 MiB (htslib would hold them whole)"},
        Case{big_header, 9, "the header is longer than 64 MiB"}}) {
    for (bool gz : {false, true}) {
      // Gzip members of 5 bytes: the lengths straddle members at every offset.
      for (size_t member : {size_t{5}, size_t{6}, size_t{7}, size_t{1000}}) {
        Run r(gz ? Gzip(c.stream, member) : c.stream, gz ? 4096 : member);
        CHECK_FALSE(r.passed);
        CHECK(r.status.code() == StatusCode::kInvalidInput);
        CHECK(r.status.message() == c.why);
        // htslib never got the byte that completes the length.
        CHECK(r.sent.size() < c.lengths_end);
        CHECK(r.sent == c.stream.substr(0, r.sent.size()));
      }
    }
  }
}

TEST_CASE("BCF gate: a gzip stream cut short or corrupt is refused; a reader gone is not") {
  std::string bcf = Bcf(kText, {{32, 0}, {40, 0}});
  std::string gz = Gzip(bcf, 50);
  Run cut(gz.substr(0, gz.size() - 3));
  CHECK_FALSE(cut.passed);
  CHECK(cut.status.message() ==
        "record 3: the file cannot be read further (corrupt or truncated compression)");
  std::string bad = gz;
  bad[bad.size() - 6] ^= 0x55;  // the last member's CRC
  Run corrupt(bad);
  CHECK_FALSE(corrupt.passed);
  CHECK(corrupt.status.message() ==
        "record 2: the file cannot be read further (corrupt compression)");
  Run gone(gz, 4096, 10);
  CHECK_FALSE(gone.passed);
  CHECK(gone.status.ok());
  // A plain BCF cut inside a record's lengths is left to htslib ("truncated").
  Run plain_cut(bcf.substr(0, bcf.size() - 40 - 3));
  CHECK(plain_cut.passed);
  CHECK(plain_cut.status.ok());
}

}  // namespace dxcheck
