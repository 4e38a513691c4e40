#include "checker/data/bcf_gate.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "checker/data/vcf_records.h"

namespace dxcheck {
namespace {

// One piece of decompressed output: checked whole, then sent whole.
constexpr size_t kPieceBytes = 64 << 10;

// htslib reads a stream as BCF when it begins "BCF\2" or "BCF\4"
// (hts_detect_format); every stream beginning "BCF" is checked here.
bool StartsBcf(const char* p, size_t n) { return n >= 3 && std::memcmp(p, "BCF", 3) == 0; }

uint32_t Le32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// Whether the gzip stream that `raw` begins decompresses to a BCF. htslib
// tells a gzip file's format from the first member alone, out of a peek
// shorter than kSniffBytes; members are followed here, so a stream htslib
// reads as BCF is never missed.
bool GzipHoldsBcf(const std::string& raw) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return true;  // the gate's own inflate then fails
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(raw.size());
  char head[3];
  z.next_out = reinterpret_cast<Bytef*>(head);
  z.avail_out = sizeof head;
  while (z.avail_out > 0 && z.avail_in > 0) {
    int r = inflate(&z, Z_NO_FLUSH);
    if (r == Z_STREAM_END) {
      inflateReset(&z);
    } else if (r != Z_OK) {
      break;
    }
  }
  size_t got = sizeof head - z.avail_out;
  inflateEnd(&z);
  return StartsBcf(head, got);
}

}  // namespace

struct BcfGate::Inflater {
  z_stream z{};
  bool ready = false;
  // The last member ended and no byte of another has been read: where the
  // file may end.
  bool between = false;
  ~Inflater() {
    if (ready) inflateEnd(&z);
  }
};

BcfGate::BcfGate(Sink sink) : sink_(std::move(sink)) {}

BcfGate::~BcfGate() = default;

bool BcfGate::Pass(const char* data, size_t n) {
  if (gone_ || !status_.ok()) return false;
  switch (mode_) {
    case Mode::kUndecided:
      sniff_.append(data, n);
      return sniff_.size() < kSniffBytes || Decide();
    case Mode::kOther:
      return Send(data, n);
    case Mode::kBcfPlain:
      // Checked before any of it is sent: a length it completes is refused
      // before htslib can read it.
      return Check(data, n) && Send(data, n);
    case Mode::kBcfGzip:
      return Inflate(data, n);
  }
  return false;
}

bool BcfGate::End() {
  if (gone_ || !status_.ok()) return false;
  if (mode_ == Mode::kUndecided && !Decide()) return false;
  if (mode_ == Mode::kBcfGzip && !inflater_->between) {
    // zlib has not seen a member's end (its CRC and length checked): the
    // stream is cut short, and what htslib was given may end on a record's
    // boundary, where it would have passed.
    return Refuse(Where() + ": the file cannot be read further (corrupt or truncated compression)");
  }
  return true;
}

bool BcfGate::Decide() {
  std::string held;
  held.swap(sniff_);
  const auto* u = reinterpret_cast<const unsigned char*>(held.data());
  if (StartsBcf(held.data(), held.size())) {
    mode_ = Mode::kBcfPlain;
  } else if (held.size() >= 2 && u[0] == 0x1f && u[1] == 0x8b && GzipHoldsBcf(held)) {
    mode_ = Mode::kBcfGzip;
    inflater_ = std::make_unique<Inflater>();
    if (inflateInit2(&inflater_->z, 15 + 16) != Z_OK) {
      status_ = Status::Internal("zlib could not be initialised");
      return false;
    }
    inflater_->ready = true;
    out_.resize(kPieceBytes);
  } else {
    mode_ = Mode::kOther;
  }
  return held.empty() || Pass(held.data(), held.size());
}

bool BcfGate::Inflate(const char* data, size_t n) {
  z_stream& z = inflater_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  z.avail_in = static_cast<uInt>(n);  // n ≤ the feed's buffer, far below 4 GiB
  while (true) {
    if (inflater_->between) {
      if (z.avail_in == 0) return true;
      inflateReset(&z);  // BGZF is a run of gzip members
      inflater_->between = false;
    }
    z.next_out = reinterpret_cast<Bytef*>(out_.data());
    z.avail_out = static_cast<uInt>(out_.size());
    uInt in_before = z.avail_in;
    int r = inflate(&z, Z_NO_FLUSH);
    size_t got = out_.size() - z.avail_out;
    if (r == Z_STREAM_END) {
      inflater_->between = true;
    } else if ((r != Z_OK && r != Z_BUF_ERROR) ||
               (got == 0 && in_before > 0 && z.avail_in == in_before)) {
      // No progress with input and room left cannot happen on a sound stream.
      return Refuse(Where() + ": the file cannot be read further (corrupt compression)");
    }
    if (got > 0 && !(Check(out_.data(), got) && Send(out_.data(), got))) return false;
    // All input taken and room left in the piece: zlib holds no more output.
    if (!inflater_->between && z.avail_in == 0 && z.avail_out > 0) return true;
  }
}

bool BcfGate::Check(const char* p, size_t n) {
  while (n > 0) {
    if (part_ == Part::kHeaderText || part_ == Part::kBody) {
      size_t k = static_cast<size_t>(std::min<uint64_t>(n, skip_));
      p += k;
      n -= k;
      skip_ -= k;
      if (skip_ == 0) {
        if (part_ == Part::kBody) ++records_;
        part_ = Part::kLengths;
      }
      continue;
    }
    size_t want = part_ == Part::kMagic ? 5 : part_ == Part::kHeaderLength ? 4 : 8;
    size_t k = std::min(n, want - field_got_);
    std::memcpy(field_ + field_got_, p, k);
    field_got_ += k;
    p += k;
    n -= k;
    if (field_got_ < want) return true;
    field_got_ = 0;
    if (part_ == Part::kMagic) {
      part_ = Part::kHeaderLength;  // htslib refuses a magic other than BCF\2\2
    } else if (part_ == Part::kHeaderLength) {
      skip_ = Le32(field_);
      if (skip_ > kMaxVcfHeaderBytes) {
        return Refuse("the header is longer than " + std::to_string(kMaxVcfHeaderBytes >> 20) +
                      " MiB");
      }
      part_ = skip_ > 0 ? Part::kHeaderText : Part::kLengths;
    } else {
      uint32_t shared = Le32(field_), indiv = Le32(field_ + 4);
      std::string record = "record " + std::to_string(records_ + 1);
      std::string bound = std::to_string(kMaxVcfPrefixBytes >> 20) + " MiB";
      if (shared > kMaxVcfPrefixBytes) {
        return Refuse(record + ": its columns before the samples are longer than " + bound);
      }
      if (indiv > kMaxVcfPrefixBytes) {
        return Refuse(record + ": its sample columns are longer than " + bound +
                      " (htslib would hold them whole)");
      }
      skip_ = static_cast<uint64_t>(shared) + indiv;
      if (skip_ > 0) {
        part_ = Part::kBody;
      } else {
        ++records_;  // empty: htslib refuses it (a record has 24 fixed bytes)
      }
    }
  }
  return true;
}

std::string BcfGate::Where() const {
  return part_ == Part::kLengths || part_ == Part::kBody ? "record " + std::to_string(records_ + 1)
                                                         : std::string("the header");
}

bool BcfGate::Send(const char* p, size_t n) {
  if (sink_(p, n)) return true;
  gone_ = true;
  return false;
}

bool BcfGate::Refuse(const std::string& why) {
  status_ = Status::InvalidInput(why);
  return false;
}

}  // namespace dxcheck
