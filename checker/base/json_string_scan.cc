// The out-of-line parts of json_string_scan.h: hex digits, UTF-8 sequence
// lengths, the stop table, and the decode of an escaped string (which copies
// the runs between backslashes with memchr and append). The scan itself is
// inline in the header.
#include "checker/base/json_string_scan.h"

#include <cstring>

namespace dxcheck {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

int JsonHex4(const char* s) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    int d = HexDigit(s[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

size_t Utf8SequenceLength(const char* q, const char* end) {
  size_t avail = static_cast<size_t>(end - q);
  auto in = [&](size_t i, unsigned lo, unsigned hi) {
    if (i >= avail) return false;
    unsigned c = static_cast<unsigned char>(q[i]);
    return c >= lo && c <= hi;
  };
  unsigned c0 = static_cast<unsigned char>(q[0]);
  if (c0 >= 0xC2 && c0 <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    unsigned lo = c0 == 0xE0 ? 0xA0 : 0x80, hi = c0 == 0xED ? 0x9F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    unsigned lo = c0 == 0xF0 ? 0x90 : 0x80, hi = c0 == 0xF4 ? 0x8F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

void DecodeEscapedJsonString(const RawJsonString& s, std::string* out) {
  // The scan has validated every escape and left out surrogates.
  out->clear();
  out->reserve(s.raw.size());
  const char* p = s.raw.data();
  const char* end = p + s.raw.size();
  while (p < end) {
    const char* slash = static_cast<const char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)));
    if (slash == nullptr) slash = end;
    out->append(p, static_cast<size_t>(slash - p));
    if (slash == end) break;
    char e = slash[1];
    p = slash + 2;
    switch (e) {
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        unsigned cp = static_cast<unsigned>(JsonHex4(p));
        p += 4;
        if (cp < 0x80) {
          out->push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default: out->push_back(e); break;  // '"', '\\', '/'
    }
  }
}

}  // namespace dxcheck
