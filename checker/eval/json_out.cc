#include "checker/eval/json_out.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dxcheck {
namespace {

// RapidJSON 1.1's escape table (writer.h): the escape letter for the bytes a
// string escapes, 0 for the bytes copied.
constexpr char kEscape[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',  // 00
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',  // 10
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    // 20
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    // 30
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    // 40
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,  0,   0,    // 50
};  // 60..FF: 0

constexpr char kHex[] = "0123456789ABCDEF";

// Writes the escape of `c` (kEscape[c] != 0) at `out`; returns the end.
char* WriteEscape(unsigned char c, char* out) {
  const char e = kEscape[c];
  out[0] = '\\';
  out[1] = e;
  if (e != 'u') return out + 2;
  out[2] = '0';
  out[3] = '0';
  out[4] = kHex[c >> 4];
  out[5] = kHex[c & 0xF];
  return out + 6;
}

#if defined(__SSE2__)
uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The 1 <= `n` < 16 bytes at `p` in the low bytes of a vector, read with
// loads of a fixed size that overlap and end at p + n (nothing past the
// string is read), put together in registers (x86 is little-endian). Not
// through a copy on the stack: a memcpy of `n` bytes there, then a 16-byte
// load of it, stalled on store-to-load forwarding, which made that load half
// of WriteJsonString's time (perf, BM_Check/20); most decision strings are
// shorter than 16 bytes.
__m128i LoadShort(const char* p, size_t n) {
  if (n >= 8) {
    // The last n - 8 bytes of the 8 that end at p + n.
    const unsigned shift = 8 * static_cast<unsigned>(16 - n);  // 8..64
    const uint64_t hi = shift == 64 ? 0 : Load64(p + n - 8) >> shift;
    return _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(Load64(p)));
  }
  uint64_t lo;
  if (n >= 4) {
    const unsigned shift = 8 * static_cast<unsigned>(8 - n);  // 8..32
    lo = Load32(p) | ((Load32(p + n - 4) >> shift) << 32);
  } else {
    lo = static_cast<unsigned char>(p[0]) |
         uint64_t{static_cast<unsigned char>(p[n / 2])} << (8 * (n / 2)) |
         uint64_t{static_cast<unsigned char>(p[n - 1])} << (8 * (n - 1));
  }
  return _mm_cvtsi64_si128(static_cast<long long>(lo));
}
#endif

}  // namespace

char* WriteJsonString(std::string_view s, char* out) {
  *out++ = '"';
  const char* p = s.data();
  const char* const end = p + s.size();
#if defined(__SSE2__)
  // 16 bytes at a time: store them, then find the first that needs an
  // escape (a control character, '"' or '\\'); keep the bytes before it and
  // write its escape over the rest. Nearly every string has none. The last
  // (or only) 1..15 bytes go through LoadShort, so that nothing past the
  // string is read.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  while (p != end) {
    const size_t left = static_cast<size_t>(end - p);
    __m128i v;
    unsigned keep = 0xFFFF;  // the bytes of v that are the string's
    if (left >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    } else {
      v = LoadShort(p, left);
      keep = (1u << left) - 1;
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
    // Unsigned v <= 0x1F: max(v, 0x1F) == 0x1F.
    __m128i hit = _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max);
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, quote));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, backslash));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit)) & keep;
    if (mask == 0) {
      const size_t n = left < 16 ? left : 16;
      p += n;
      out += n;
      continue;
    }
    const int i = __builtin_ctz(mask);
    out = WriteEscape(static_cast<unsigned char>(p[i]), out + i);
    p += i + 1;
  }
#else
  for (; p != end; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (kEscape[c] == 0) {
      *out++ = static_cast<char>(c);
    } else {
      out = WriteEscape(c, out);
    }
  }
#endif
  *out++ = '"';
  return out;
}

}  // namespace dxcheck
