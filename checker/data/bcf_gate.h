// BcfGate: what htslib is given of a VCF/BCF file (stat_reader.cc's
// HashingFeed), with a BCF's declared lengths checked before htslib can read
// them.
//
// htslib's bcf_hdr_read reads the header's 32-bit length and allocates it
// whole; bcf_read reads a record's two 32-bit lengths (l_shared, l_indiv) and
// allocates both whole before reading them: a 1.7 MB .bcf whose first record
// declared l_shared = 1 GiB peaked at 1.06 GB. htslib reads the file through
// a socket (the feed hashes what it sends), which cannot seek, so the lengths
// cannot be read ahead and put back in htslib's own stream. They are checked
// here instead, on the way in: a BCF (plain, or gzip/BGZF around it) is
// decompressed by this gate, its header length and every record's lengths
// are read as the bytes pass, and htslib is given the decompressed stream
// (an uncompressed BCF, which it reads as such). htslib therefore reads
// exactly the bytes that were checked: there is no second decoder whose view
// of the block boundaries could differ. A length over its bound (the text
// VCF reader's, vcf_records.h) stops the stream before the piece of output
// that completes it is sent, so htslib never holds it; the gate's error then
// replaces htslib's "truncated".
//
// Bounds: the header's text ≤ kMaxVcfHeaderBytes; a record's shared part
// (CHROM to INFO, the columns before the samples) and its per-sample part
// (FORMAT and the genotypes) each ≤ kMaxVcfPrefixBytes. The per-sample part
// is bounded too, unlike a text VCF's sample columns (skipped as they
// stream), because bcf_read holds it whole whatever samples are kept.
//
// Anything that is not a BCF (a text VCF, plain or compressed) passes
// unchanged: htslib reads it through VcfRecords, which bounds it itself.
#ifndef DXCHECK_DATA_BCF_GATE_H_
#define DXCHECK_DATA_BCF_GATE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

class BcfGate {
 public:
  // Where the bytes go; false when the reader has gone (nothing more is
  // sent, and that is not an error of the file).
  using Sink = std::function<bool(const char* data, size_t n)>;

  explicit BcfGate(Sink sink);
  ~BcfGate();
  BcfGate(const BcfGate&) = delete;
  BcfGate& operator=(const BcfGate&) = delete;

  // The file's next bytes, in order. False when nothing more is to be given:
  // the sink has gone, or the file is refused (status() says why).
  bool Pass(const char* data, size_t n);
  // The file has ended. False when it is refused: its compressed stream is
  // cut short, or what was held back to tell its format is refused.
  bool End();

  // InvalidInput naming the record (never a value) when the file is
  // refused; Internal when zlib cannot be set up.
  const Status& status() const { return status_; }
  // Whether the file was found to be a BCF (known after the first
  // kSniffBytes bytes or End).
  bool bcf() const { return mode_ == Mode::kBcfPlain || mode_ == Mode::kBcfGzip; }
  // Records passed whole (their lengths checked and their bodies sent).
  uint64_t records() const { return records_; }

  // Bytes held back, at most, before the format is told.
  static constexpr size_t kSniffBytes = 64 << 10;

 private:
  enum class Mode { kUndecided, kOther, kBcfPlain, kBcfGzip };
  // Where the BCF stream is: its magic, the header's length and text, a
  // record's two lengths, then the rest of the record.
  enum class Part { kMagic, kHeaderLength, kHeaderText, kLengths, kBody };
  struct Inflater;

  // Tells the format from sniff_, then passes sniff_ on.
  bool Decide();
  // Decompresses `data` and gives what it yields, piece by piece, to Check
  // and then the sink.
  bool Inflate(const char* data, size_t n);
  // Reads the lengths in decompressed BCF bytes; false (status_) when one is
  // over its bound.
  bool Check(const char* p, size_t n);
  bool Send(const char* p, size_t n);
  // "the header" or "record N", where the stream is (for a message).
  std::string Where() const;
  bool Refuse(const std::string& why);

  Sink sink_;
  Mode mode_ = Mode::kUndecided;
  std::string sniff_;
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> out_;
  Part part_ = Part::kMagic;
  unsigned char field_[8] = {};
  size_t field_got_ = 0;
  uint64_t skip_ = 0;
  uint64_t records_ = 0;
  bool gone_ = false;
  Status status_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_BCF_GATE_H_
