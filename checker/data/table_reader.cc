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

// Hashes a chunk on a second thread while the reader parses it, then does
// the deferred work of the chunk before it (DeferredWork): the SHA-256 and
// the parse of one chunk overlap (the chunk is only read by both).
class BackgroundDigest {
 public:
  explicit BackgroundDigest(ByteDigest* digest) : digest_(digest), thread_([this] { Run(); }) {}
  ~BackgroundDigest() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();  // after the job pending, if any
  }
  void Start(const char* data, size_t n, DeferredWork* then) {
    std::lock_guard<std::mutex> l(mu_);
    data_ = data, n_ = n, then_ = then, pending_ = true;
    wake_.notify_one();
  }
  void Wait() {
    std::unique_lock<std::mutex> l(mu_);
    done_.wait(l, [this] { return !pending_; });
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      wake_.wait(l, [this] { return stop_ || pending_; });
      if (!pending_) return;  // stopped
      l.unlock();
      digest_->Update(data_, n_);
      if (then_ != nullptr) then_->Settle();
      l.lock();
      pending_ = false;
      done_.notify_one();
    }
  }

  ByteDigest* digest_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const char* data_ = nullptr;
  size_t n_ = 0;
  DeferredWork* then_ = nullptr;
  bool pending_ = false, stop_ = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace

Status StreamFile(const std::vector<std::string>& paths,
                  const std::function<Status(std::string_view)>& consume, uint64_t* bytes,
                  std::string* sha256_hex, size_t chunk, DeferredWork* deferred) {
  ByteDigest digest;
  std::unique_ptr<BackgroundDigest> background;
  if (consume) background = std::make_unique<BackgroundDigest>(&digest);
  else deferred = nullptr;
  // Two buffers when a second thread hashes: chunk k+1 is read into one
  // while chunk k, in the other, is still being hashed.
  std::vector<char> bufs[2] = {std::vector<char>(chunk),
                               std::vector<char>(background ? chunk : 0)};
  int cur = 0;
  *bytes = 0;
  Status first;
  // Waits for the hashing thread and leaves every deferred work done (on
  // every return: the visitor's state is complete when StreamFile ends).
  auto drain = [&] {
    if (!background) return;
    background->Wait();
    if (deferred != nullptr) {
      deferred->Handoff();
      deferred->Settle();
    }
  };
  for (const std::string& path : paths) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) {
      drain();
      return Status::NotFound(path + ": " + std::strerror(errno));
    }
    while (true) {
      std::vector<char>& buf = bufs[cur];
      size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
      if (n > 0 && background) {
        // The previous chunk is hashed and its deferred work done: hand the
        // hashing thread this chunk, then what the previous chunk's parse
        // produced, and parse this chunk meanwhile.
        background->Wait();
        if (deferred != nullptr) deferred->Handoff();
        background->Start(buf.data(), n, deferred);
        // After a reader's error the rest is still hashed: the digest and
        // size are reported whatever the content.
        if (first.ok()) first = consume(std::string_view(buf.data(), n));
        cur ^= 1;
      } else if (n > 0) {
        digest.Update(buf.data(), n);
      }
      if (n < buf.size()) {
        if (std::ferror(f.get())) {
          drain();
          return Status::IoError(path + ": read error");
        }
        break;
      }
    }
  }
  drain();
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
