#include "checker/eval/json_out.h"

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

}  // namespace

char* WriteJsonString(std::string_view s, char* out) {
  *out++ = '"';
  const char* p = s.data();
  const char* const end = p + s.size();
#if defined(__SSE2__)
  // 16 bytes at a time: store them, then find the first that needs an
  // escape (a control character, '"' or '\\'); keep the bytes before it and
  // write its escape over the rest. Nearly every string has none. The last
  // (or only) 0..15 bytes go through a copy on the stack, so that nothing
  // past the string is read.
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
      char tail[16];
      std::memcpy(tail, p, left);
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(tail));
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
