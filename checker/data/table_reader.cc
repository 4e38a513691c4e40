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

// Hashes a chunk on a second thread while the reader parses it: the SHA-256
// and the parse of one chunk overlap (the chunk is only read by both).
class BackgroundDigest {
 public:
  explicit BackgroundDigest(ByteDigest* digest) : digest_(digest), thread_([this] { Run(); }) {}
  ~BackgroundDigest() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void Start(const char* data, size_t n) {
    std::lock_guard<std::mutex> l(mu_);
    data_ = data, n_ = n, pending_ = true;
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
  bool pending_ = false, stop_ = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace

Status StreamFile(const std::vector<std::string>& paths,
                  const std::function<Status(std::string_view)>& consume, uint64_t* bytes,
                  std::string* sha256_hex, size_t chunk) {
  ByteDigest digest;
  std::unique_ptr<BackgroundDigest> background;
  if (consume) background = std::make_unique<BackgroundDigest>(&digest);
  std::vector<char> buf(chunk);
  *bytes = 0;
  Status first;
  for (const std::string& path : paths) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) return Status::NotFound(path + ": " + std::strerror(errno));
    while (true) {
      size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
      if (n > 0 && background) {
        background->Start(buf.data(), n);
        // After a reader's error the rest is still hashed: the digest and
        // size are reported whatever the content.
        if (first.ok()) first = consume(std::string_view(buf.data(), n));
        background->Wait();
      } else if (n > 0) {
        digest.Update(buf.data(), n);
      }
      if (n < buf.size()) {
        if (std::ferror(f.get())) return Status::IoError(path + ": read error");
        break;
      }
    }
  }
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
