#include "checker/data/vcf_records.h"

#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/kstring.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace dxcheck {
namespace {

// CHROM POS ID REF ALT QUAL FILTER INFO FORMAT: the columns vcf_parse reads
// when the header keeps no sample.
constexpr int kKeptColumns = 9;
constexpr size_t kReadBytes = 1 << 20;

}  // namespace

VcfRecords::VcfRecords(htsFile* fp) : fp_(fp), buf_(kReadBytes) {}

VcfRecords::~VcfRecords() { std::free(line_.s); }

bool VcfRecords::Fill() {
  if (eof_) return false;
  ssize_t n = fp_->format.compression == no_compression
                  ? hread(fp_->fp.hfile, buf_.data(), buf_.size())
                  : bgzf_read(fp_->fp.bgzf, buf_.data(), buf_.size());
  if (n < 0) {
    status_ = Status::InvalidInput("record " + std::to_string(records_ + 1) +
                                   ": the file cannot be read further (corrupt or truncated "
                                   "compression)");
    eof_ = true;
    return false;
  }
  pos_ = 0;
  end_ = static_cast<size_t>(n);
  if (n == 0) eof_ = true;
  return n > 0;
}

bool VcfRecords::Piece(const char** p, size_t* len, bool* ended) {
  if (pos_ == end_ && !Fill()) return false;
  *p = buf_.data() + pos_;
  size_t avail = end_ - pos_;
  const char* nl = static_cast<const char*>(std::memchr(*p, '\n', avail));
  *len = nl == nullptr ? avail : static_cast<size_t>(nl - *p);
  pos_ += *len + (nl != nullptr ? 1 : 0);
  *ended = nl != nullptr;
  return true;
}

bool VcfRecords::HeaderLine(std::string* out, size_t room) {
  out->clear();
  bool any = false, ended = false;
  while (!ended) {
    const char* p;
    size_t len;
    if (!Piece(&p, &len, &ended)) break;
    any = true;
    if (out->size() + len + 1 > room) {  // + its line feed, kept in the header's text
      status_ = Status::InvalidInput("the header is longer than " +
                                     std::to_string(kMaxVcfHeaderBytes >> 20) + " MiB");
      return false;
    }
    out->append(p, len);
  }
  if (!out->empty() && out->back() == '\r') out->pop_back();
  return any && status_.ok();
}

bcf_hdr_t* VcfRecords::ReadHeader() {
  std::string text, line;
  while (true) {
    if (!HeaderLine(&line, kMaxVcfHeaderBytes - text.size())) {
      if (status_.ok()) status_ = Status::InvalidInput("no valid VCF header (it has no #CHROM line)");
      return nullptr;
    }
    if (line.empty()) continue;
    if (line[0] != '#') {
      status_ = Status::InvalidInput("no valid VCF header (a line before #CHROM does not start with #)");
      return nullptr;
    }
    text += line;
    text += '\n';
    if (line.size() < 2 || line[1] != '#') break;  // #CHROM: the header's last line
  }
  bcf_hdr_t* hdr = bcf_hdr_init("r");
  if (hdr == nullptr) {
    status_ = Status::Internal("out of memory reading a VCF header");
    return nullptr;
  }
  if (bcf_hdr_parse(hdr, &text[0]) < 0) {
    bcf_hdr_destroy(hdr);
    status_ = Status::InvalidInput("no valid VCF header");
    return nullptr;
  }
  return hdr;
}

bool VcfRecords::Next(bcf1_t* rec) {
  if (!status_.ok()) return false;
  line_.l = 0;
  int tabs = 0;          // of the record so far, up to kKeptColumns
  uint64_t columns = 1;  // of the record: its tabs + 1
  bool any = false;      // a byte of this record was read
  bool ended = false;    // its line feed was found
  while (!ended) {
    const char* p;
    size_t len;
    if (!Piece(&p, &len, &ended)) break;
    any = true;
    columns += static_cast<uint64_t>(std::count(p, p + len, '\t'));
    if (tabs >= kKeptColumns) continue;  // in the sample columns: skipped
    // Keep up to the tab that ends the ninth column.
    size_t keep = len;
    for (size_t i = 0; i < len; ++i) {
      if (p[i] == '\t' && ++tabs == kKeptColumns) {
        keep = i;
        break;
      }
    }
    if (line_.l + keep > kMaxVcfPrefixBytes) {
      status_ = Status::InvalidInput(
          "record " + std::to_string(records_ + 1) + ": its columns before the samples are " +
          "longer than " + std::to_string(kMaxVcfPrefixBytes >> 20) + " MiB");
      return false;
    }
    if (kputsn(p, keep, &line_) < 0) {
      status_ = Status::Internal("out of memory reading a VCF record");
      return false;
    }
  }
  if (!status_.ok() || !any) return false;
  // hts_getline drops the line feed and a carriage return before it.
  if (tabs < kKeptColumns && line_.l > 0 && line_.s[line_.l - 1] == '\r') --line_.l;
  if (!ended && line_.l == 0) return false;  // nothing after the last line feed
  if (ks_resize(&line_, line_.l + 1) < 0) {
    status_ = Status::Internal("out of memory reading a VCF record");
    return false;
  }
  line_.s[line_.l] = '\0';  // vcf_parse reads up to the NUL
  ++records_;
  bool width = samples_ > 0 ? columns == 9 + static_cast<uint64_t>(samples_)
                            : columns == 8 || columns == 9;
  if (!width) {
    status_ = Status::InvalidInput(
        "record " + std::to_string(records_) + ": " + std::to_string(columns) +
        " columns, where the header has " +
        (samples_ > 0 ? std::to_string(9 + samples_) + " (8 fixed, FORMAT and " +
                            std::to_string(samples_) + " samples)"
                      : std::string("8 fixed (and FORMAT)")) +
        ": truncated or corrupt");
    return false;
  }
  if (vcf_parse(&line_, hdr_, rec) != 0 || rec->errcode != 0) {
    status_ = Status::InvalidInput("record " + std::to_string(records_) +
                                   ": malformed or truncated (htslib error " +
                                   std::to_string(rec->errcode) + ")");
    return false;
  }
  return true;
}

}  // namespace dxcheck
