#include "checker/data/stat_reader.h"

#include <htslib/hfile.h>
#include <htslib/vcf.h>
#include <readstat.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "checker/data/bcf_gate.h"
#include "checker/data/vcf_records.h"

namespace dxcheck {
namespace {

struct StatContext {
  TableVisitor* v;
  std::vector<std::string> names;
  bool sent = false;
  int row = -1;
  Status error;

  void Send() {
    if (sent) return;
    sent = true;
    error = v->Columns(names, false);
  }
};

int OnVariable(int index, readstat_variable_t* var, const char*, void* ctx) {
  auto* c = static_cast<StatContext*>(ctx);
  if (c->names.size() >= kMaxColumns) return READSTAT_HANDLER_ABORT;
  const char* name = readstat_variable_get_name(var);
  if (static_cast<size_t>(index) >= c->names.size()) c->names.resize(static_cast<size_t>(index) + 1);
  c->names[static_cast<size_t>(index)] = name ? name : "";
  return READSTAT_HANDLER_OK;
}

int OnValue(int obs, readstat_variable_t* var, readstat_value_t value, void* ctx) {
  auto* c = static_cast<StatContext*>(ctx);
  c->Send();
  if (!c->error.ok()) return READSTAT_HANDLER_ABORT;
  if (obs != c->row) {
    if (c->row >= 0) c->v->RowEnd();
    c->row = obs;
  }
  size_t col = static_cast<size_t>(readstat_variable_get_index(var));
  if (col >= c->names.size() || readstat_value_is_missing(value, var)) return READSTAT_HANDLER_OK;
  if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
    const char* s = readstat_string_value(value);
    c->v->Cell(col, s ? s : "");
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", readstat_double_value(value));
    c->v->Cell(col, buf);
  }
  return READSTAT_HANDLER_OK;
}

// ReadStat's I/O through our handlers: what the library reads is hashed as
// it goes, in file order. ReadStat reads xpt, sav and dta front to back and
// seeks mostly forward; a byte range it skips or reads again is not hashed
// here, and HashRest reads the file from the first byte not hashed to its
// end afterwards, so the digest is always of the whole file in order.
struct HashingIo {
  std::string path;
  int fd = -1;
  int open_errno = 0;
  readstat_off_t pos = 0;
  uint64_t hashed = 0;  // bytes [0, hashed) are in the digest
  ByteDigest* digest = nullptr;
  bool read_error = false;
  uint64_t read_end = 0;  // the furthest byte ReadStat read, + 1
  std::string tail;       // the first kDtaEnd.size() bytes from read_end (HashRest)
};

// The closing tags of a .dta (117 and later), which ReadStat does not read.
constexpr std::string_view kDtaEnd = "</value_labels></stata_dta>";

// Bytes after the last one ReadStat read are bytes nobody checked: a CSV of
// ID numbers appended to a .sav, .dta or .sas7bdat file was hashed into the
// decision's digest and never read. ReadStat reads every byte of the
// .sav and .sas7bdat files its writer makes; of a .dta (117 and later) it
// leaves the closing tags, which are allowed, and nothing else is.
Status UnreadTail(const std::string& format, const HashingIo& io) {
  if (io.hashed <= io.read_end) return Status::Ok();
  uint64_t unread = io.hashed - io.read_end;
  if (format == "dta" && unread <= kDtaEnd.size() && io.tail.size() == unread &&
      kDtaEnd.substr(kDtaEnd.size() - unread) == io.tail) {
    return Status::Ok();
  }
  return Status::InvalidInput(std::to_string(unread) + " bytes after byte " +
                              std::to_string(io.read_end) +
                              ", where the data ends, were not read (so not checked): bytes "
                              "appended to the file?");
}

int IoOpen(const char* path, void* ctx) {
  auto* io = static_cast<HashingIo*>(ctx);
  io->fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (io->fd < 0) io->open_errno = errno;
  io->pos = 0;
  return io->fd;
}

int IoClose(void* ctx) {
  auto* io = static_cast<HashingIo*>(ctx);
  int r = io->fd >= 0 ? ::close(io->fd) : 0;
  io->fd = -1;
  return r;
}

readstat_off_t IoSeek(readstat_off_t offset, readstat_io_flags_t whence, void* ctx) {
  auto* io = static_cast<HashingIo*>(ctx);
  int w = whence == READSTAT_SEEK_SET ? SEEK_SET : whence == READSTAT_SEEK_CUR ? SEEK_CUR : SEEK_END;
  off_t r = ::lseek(io->fd, offset, w);
  if (r >= 0) io->pos = r;
  return r;
}

ssize_t IoRead(void* buf, size_t nbyte, void* ctx) {
  auto* io = static_cast<HashingIo*>(ctx);
  size_t got = 0;
  while (got < nbyte) {  // a short read only at the end of the file
    ssize_t n = ::read(io->fd, static_cast<char*>(buf) + got, nbyte - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      io->read_error = true;
      return -1;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  uint64_t from = static_cast<uint64_t>(io->pos), to = from + got;
  if (io->digest != nullptr && from <= io->hashed && to > io->hashed) {
    io->digest->Update(static_cast<char*>(buf) + (io->hashed - from), to - io->hashed);
    io->hashed = to;
  }
  io->pos += static_cast<readstat_off_t>(got);
  if (static_cast<uint64_t>(io->pos) > io->read_end) io->read_end = static_cast<uint64_t>(io->pos);
  return static_cast<ssize_t>(got);
}

readstat_error_t IoUpdate(long file_size, readstat_progress_handler progress, void* user_ctx,
                          void* ctx) {
  auto* io = static_cast<HashingIo*>(ctx);
  if (progress == nullptr || file_size <= 0) return READSTAT_OK;
  double done = static_cast<double>(io->pos) / static_cast<double>(file_size);
  return progress(done, user_ctx) == READSTAT_HANDLER_OK ? READSTAT_OK : READSTAT_ERROR_USER_ABORT;
}

// The bytes ReadStat did not read in order: from io->hashed to the end.
Status HashRest(HashingIo* io) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(io->path.c_str(), "rb"), std::fclose);
  if (!f) return Status::NotFound(io->path + ": " + std::strerror(errno));
  if (fseeko(f.get(), static_cast<off_t>(io->hashed), SEEK_SET) != 0) {
    return Status::IoError(io->path + ": cannot seek");
  }
  std::vector<char> buf(1 << 20);
  while (true) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    io->digest->Update(buf.data(), n);
    // Keep the first bytes past what ReadStat read (UnreadTail).
    for (size_t i = 0; i < n && io->tail.size() < kDtaEnd.size(); ++i) {
      if (io->hashed + i >= io->read_end) io->tail += buf[i];
    }
    io->hashed += n;
    if (n < buf.size()) {
      if (std::ferror(f.get())) return Status::IoError(io->path + ": read error");
      return Status::Ok();
    }
  }
}

Status ParseStat(const std::string& format, readstat_parser_t* parser, const std::string& path,
                 TableVisitor* v) {
  readstat_parser_t* const pp = parser;
  StatContext c{v, {}, false, -1, {}};
  readstat_error_t e;
  if (format == "xpt") {
    e = readstat_parse_xport(pp, path.c_str(), &c);
  } else if (format == "sas7bdat") {
    e = readstat_parse_sas7bdat(pp, path.c_str(), &c);
  } else if (format == "sav") {
    e = readstat_parse_sav(pp, path.c_str(), &c);
  } else {
    e = readstat_parse_dta(pp, path.c_str(), &c);
  }
  if (!c.error.ok()) return c.error;
  if (e != READSTAT_OK) {
    return Status::InvalidInput(std::string("ReadStat: ") + readstat_error_message(e) +
                                (c.row >= 0 ? " (after record " + std::to_string(c.row + 1) + ")"
                                            : ""));
  }
  c.Send();
  if (!c.error.ok()) return c.error;
  if (c.row >= 0) v->RowEnd();
  return Status::Ok();
}

}  // namespace

Status ReadStatFile(const std::string& format, const std::string& path, TableVisitor* v,
                    ByteDigest* digest) {
  std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> p(readstat_parser_init(),
                                                                      readstat_parser_free);
  if (!p) return Status::Internal("ReadStat could not be initialised");
  readstat_set_variable_handler(p.get(), OnVariable);
  readstat_set_value_handler(p.get(), OnValue);
  HashingIo io;
  io.path = path;
  io.digest = digest;
  readstat_set_open_handler(p.get(), IoOpen);
  readstat_set_close_handler(p.get(), IoClose);
  readstat_set_seek_handler(p.get(), IoSeek);
  readstat_set_read_handler(p.get(), IoRead);
  readstat_set_update_handler(p.get(), IoUpdate);
  readstat_set_io_ctx(p.get(), &io);
  Status parsed = ParseStat(format, p.get(), path, v);
  if (io.fd >= 0) IoClose(&io);
  if (io.open_errno != 0) return Status::NotFound(path + ": " + std::strerror(io.open_errno));
  if (io.read_error) return Status::IoError(path + ": read error");
  if (digest == nullptr) return parsed;
  Status rest = HashRest(&io);
  if (!rest.ok()) return rest;
  if (!parsed.ok()) return parsed;
  return UnreadTail(format, io);
}

namespace {

// htslib has no public hook into its reads (hFILE backends are internal), so
// the file is read here, hashed, and passed to htslib through a socket pair
// (hdopen): one read of the file for both. When htslib stops early (an
// error) the rest is still read and hashed; MSG_NOSIGNAL keeps the closed
// socket from raising SIGPIPE. A socket cannot seek, so a BCF's lengths
// cannot be read ahead in htslib's stream and put back: the feed checks
// them on the way in instead (BcfGate), and its error comes first.
Status ReadVcfFrom(int fd, const std::string& path, TableVisitor* v, uint64_t* samples);

class HashingFeed {
 public:
  HashingFeed(const std::string& path, ByteDigest* digest) : path_(path), digest_(digest) {}
  ~HashingFeed() { Stop(); }

  // The descriptor htslib reads (its ownership passes to the caller), or -1
  // with the status set.
  int Start() {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      status_ = Status::NotFound(path_ + ": " + std::strerror(errno));
      return -1;
    }
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      ::close(fd);
      status_ = Status::IoError(std::string("socketpair: ") + std::strerror(errno));
      return -1;
    }
    writer_ = sv[1];
    thread_ = std::thread([this, fd] { Run(fd); });
    return sv[0];
  }
  // Waits for the whole file to be hashed. REQUIRES: the reading end closed.
  Status Stop() {
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  void Run(int fd) {
    std::vector<char> buf(1 << 20);
    // A BCF reaches htslib through the gate, decompressed, with its lengths
    // checked before htslib can allocate them (bcf_gate.h).
    BcfGate gate([this](const char* p, size_t n) { return SendAll(p, n); });
    bool sending = true;
    while (true) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        status_ = Status::IoError(path_ + ": read error");
        break;
      }
      if (n == 0) break;
      if (digest_ != nullptr) digest_->Update(buf.data(), static_cast<size_t>(n));
      if (sending && !gate.Pass(buf.data(), static_cast<size_t>(n))) {
        sending = false;  // htslib has stopped reading, or the file is refused
        CloseWriter();    // htslib sees the end at once: hash the rest only
      }
      if (!sending && digest_ == nullptr) break;
    }
    if (sending && status_.ok()) gate.End();
    ::close(fd);
    CloseWriter();
    if (status_.ok()) status_ = gate.status();
  }

  // False when htslib has stopped reading.
  bool SendAll(const char* p, size_t n) {
    for (size_t off = 0; off < n;) {
      ssize_t w = ::send(writer_, p + off, n - off, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return false;
      off += static_cast<size_t>(w);
    }
    return true;
  }

  void CloseWriter() {
    if (writer_ >= 0) ::close(writer_);
    writer_ = -1;
  }

  std::string path_;
  ByteDigest* digest_;
  int writer_ = -1;
  std::thread thread_;
  Status status_;
};

}  // namespace

Status ReadVcfFile(const std::string& path, TableVisitor* v, uint64_t* samples,
                   ByteDigest* digest) {
  HashingFeed feed(path, digest);
  int fd = feed.Start();
  if (fd < 0) return feed.Stop();
  Status s = ReadVcfFrom(fd, path, v, samples);  // closes fd
  Status hashed = feed.Stop();
  return hashed.ok() ? s : hashed;
}

namespace {

Status ReadVcfFrom(int fd, const std::string& path, TableVisitor* v, uint64_t* samples) {
  // htslib logs to stderr by itself, quoting what it read ("Duplicated sample
  // name '<a person>'", a contig, a FILTER value): personal data must never
  // leave memory (spec/data.md), and the core library never prints. Off
  // once, for the process, before the first read (a static's thread-safe
  // initialisation).
  static const bool kQuiet = (hts_set_log_level(HTS_LOG_OFF), true);
  (void)kQuiet;
  hFILE* h = hdopen(fd, "r");
  if (h == nullptr) {
    ::close(fd);
    return Status::IoError(path + ": htslib cannot read the descriptor");
  }
  std::unique_ptr<htsFile, int (*)(htsFile*)> fp(hts_hopen(h, path.c_str(), "r"), hts_close);
  if (!fp) {
    hclose_abruptly(h);  // hts_hopen leaves the hFILE open when it fails
    return Status::InvalidInput("htslib cannot open it as VCF or BCF");
  }
  // Text VCF: header and records in bounded memory (vcf_records.h).
  std::unique_ptr<VcfRecords> text;
  if (hts_get_format(fp.get())->format == vcf) text = std::make_unique<VcfRecords>(fp.get());
  std::unique_ptr<bcf_hdr_t, void (*)(bcf_hdr_t*)> hdr(
      text ? text->ReadHeader() : bcf_hdr_read(fp.get()), bcf_hdr_destroy);
  if (!hdr) return text ? text->status() : Status::InvalidInput("no valid VCF/BCF header");
  std::vector<std::string> columns;
  for (int i = 0; i < hdr->nhrec; ++i) {
    const bcf_hrec_t* rec = hdr->hrec[i];
    if (rec->type != BCF_HL_INFO && rec->type != BCF_HL_FMT) continue;
    int k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(rec), "ID");
    if (k >= 0 && columns.size() < kMaxColumns) columns.emplace_back(rec->vals[k]);
  }
  Status s = v->Columns(columns, false);
  if (!s.ok()) return s;
  int n = bcf_hdr_nsamples(hdr.get());
  *samples = static_cast<uint64_t>(n);
  for (int i = 0; i < n; ++i) v->Person(hdr->samples[i]);
  // The persons are the header's sample ids; what the records give is their
  // count. Their genotype columns are not parsed (htslib skips them when no
  // sample is kept), which makes a record of 2,000 samples cheap to count.
  if (n > 0 && bcf_hdr_set_samples(hdr.get(), nullptr, 0) != 0) {
    return Status::Internal("htslib could not leave out the sample columns");
  }
  std::unique_ptr<bcf1_t, void (*)(bcf1_t*)> rec(bcf_init(), bcf_destroy);
  if (text) {
    text->Start(hdr.get(), n);
    while (text->Next(rec.get())) v->RowEnd();
    return text->status();
  }
  // A BCF's lengths were checked by the feed (BcfGate) before htslib could
  // read them: bcf_hdr_read and bcf_read hold nothing over their bounds.
  uint64_t records = 0;
  while (true) {
    int r = bcf_read(fp.get(), hdr.get(), rec.get());
    if (r == -1) break;
    if (r < -1 || rec->errcode != 0) {
      return Status::InvalidInput("record " + std::to_string(records + 1) +
                                  ": malformed or truncated (htslib error " +
                                  std::to_string(rec->errcode) + ")");
    }
    ++records;
    v->RowEnd();
  }
  return Status::Ok();
}

}  // namespace

}  // namespace dxcheck
