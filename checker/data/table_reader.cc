#include "checker/data/table_reader.h"

#include <openssl/evp.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace dxcheck {

void TableVisitor::Row(const DelimitedRow& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (row.has(i)) Cell(i, row[i]);
  }
  RowEnd();
}

ByteDigest::ByteDigest() : md_(EVP_MD_CTX_new()) {
  if (md_ != nullptr) EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(md_), EVP_sha256(), nullptr);
}

ByteDigest::~ByteDigest() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(md_)); }

void ByteDigest::Update(const void* data, size_t n) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(md_), data, n);
  bytes_ += n;
}

std::string ByteDigest::Finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(md_), out, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

namespace {

// The files of a resource as one stream of chunks: each call reads from the
// current file, and a file's end moves on to the next one (a chunk never
// spans two files; the readers take chunks of any size).
class ChunkSource {
 public:
  explicit ChunkSource(const std::vector<std::string>& paths) : paths_(paths) {}
  // Up to `cap` bytes into `buf`; *n 0 at the end of the last file. NotFound
  // when a file cannot be opened, IoError when reading fails.
  Status Read(char* buf, size_t cap, size_t* n) {
    *n = 0;
    while (true) {
      if (!f_) {
        if (next_ == paths_.size()) return Status::Ok();
        const std::string& path = paths_[next_++];
        f_.reset(std::fopen(path.c_str(), "rb"));
        if (!f_) return Status::NotFound(path + ": " + std::strerror(errno));
      }
      *n = std::fread(buf, 1, cap, f_.get());
      if (*n < cap) {
        if (std::ferror(f_.get())) return Status::IoError(paths_[next_ - 1] + ": read error");
        f_.reset();  // its end: the next call opens the next file
      }
      if (*n > 0) return Status::Ok();
    }
  }

 private:
  const std::vector<std::string>& paths_;
  size_t next_ = 0;
  std::unique_ptr<FILE, int (*)(FILE*)> f_{nullptr, std::fclose};
};

// The second thread of StreamFile. A job: hash a chunk, then read the next
// chunk into the other buffer — while the first thread parses the chunk
// being hashed (which both only read). SHA-256 and reading take about as
// long as the parse does (docs/data.md "Speed").
class Pipeline {
 public:
  explicit Pipeline(ByteDigest* digest) : digest_(digest), thread_([this] { Run(); }) {}
  ~Pipeline() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();  // after the job pending, if any
  }
  struct Job {
    const char* data = nullptr;  // the chunk to hash
    size_t n = 0;
    ChunkSource* source = nullptr;  // the next chunk: into next[0, cap)
    char* next = nullptr;
    size_t cap = 0;
    size_t next_n = 0;  // out
    Status read;        // out
  };
  void Start(Job* job) {
    std::lock_guard<std::mutex> l(mu_);
    job_ = job;
    wake_.notify_one();
  }
  void Wait() {
    std::unique_lock<std::mutex> l(mu_);
    done_.wait(l, [this] { return job_ == nullptr; });
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      wake_.wait(l, [this] { return stop_ || job_ != nullptr; });
      if (job_ == nullptr) return;  // stopped
      Job* job = job_;
      l.unlock();
      digest_->Update(job->data, job->n);
      job->read = job->source->Read(job->next, job->cap, &job->next_n);
      l.lock();
      job_ = nullptr;
      done_.notify_one();
    }
  }

  ByteDigest* digest_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  Job* job_ = nullptr;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace

Status StreamFile(const std::vector<std::string>& paths,
                  const std::function<Status(std::string_view)>& consume, uint64_t* bytes,
                  std::string* sha256_hex, size_t chunk) {
  ByteDigest digest;
  ChunkSource source(paths);
  *bytes = 0;
  std::vector<char> buf(chunk);
  size_t n = 0;
  Status read = source.Read(buf.data(), buf.size(), &n);
  Status first;
  if (!consume) {
    while (read.ok() && n > 0) {
      digest.Update(buf.data(), n);
      read = source.Read(buf.data(), buf.size(), &n);
    }
  } else {
    // Two buffers: the second thread reads the next chunk into one while
    // this thread parses the chunk in the other.
    std::vector<char> other(chunk);
    char* bufs[2] = {buf.data(), other.data()};
    int cur = 0;
    Pipeline pipeline(&digest);
    while (read.ok() && n > 0) {
      Pipeline::Job job;
      job.data = bufs[cur], job.n = n;
      job.source = &source, job.next = bufs[cur ^ 1], job.cap = chunk;
      pipeline.Start(&job);
      // After a reader's error the rest is still hashed: the digest and
      // size are reported whatever the content.
      if (first.ok()) first = consume(std::string_view(bufs[cur], n));
      pipeline.Wait();
      read = job.read, n = job.next_n, cur ^= 1;
    }
  }
  if (!read.ok()) return read;
  *bytes = digest.bytes();
  *sha256_hex = digest.Finish();
  return first;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace dxcheck
