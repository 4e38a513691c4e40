// ScanJsonString, DecodeJsonString: the string literals of FastParseJson.
//
// The fast path (json_fast_parse.h) reads a string in two steps: a scan that
// validates it where it stands in the text (escapes, control characters,
// UTF-8 per Unicode table 3-7) and counts its UTF-8 continuation bytes for the
// columns, then a decode into the tree, which copies the bytes as they are
// unless the scan met an escape. Like the fast path, the scan gives up rather
// than words an error: at anything invalid, and at a \u escape of a surrogate
// (U+D800 ... U+DFFF), whose pairing the exact path leaves to RapidJSON.
#ifndef DXCHECK_BASE_JSON_STRING_SCAN_H_
#define DXCHECK_BASE_JSON_STRING_SCAN_H_

#include <cstddef>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dxcheck {

// A scanned string literal: its raw bytes between the quotes.
struct RawJsonString {
  std::string_view raw;
  bool escaped = false;  // holds at least one backslash escape
};

// The four hex digits at s (REQUIRES: 4 bytes readable) as a number, or -1.
int JsonHex4(const char* s);

// Length of the well-formed UTF-8 sequence (Unicode table 3-7) of 2 to 4
// bytes starting at q (REQUIRES: q < end), or 0.
size_t Utf8SequenceLength(const char* q, const char* end);

// Bytes a string scan must stop at: '"', '\\', controls and every non-ASCII
// byte (validated as UTF-8 one sequence at a time). The rest are copied as
// they are: SkipPlainJsonBytes skips them 16 at a time with SSE2, and this
// table serves the last bytes of a string and builds without SSE2.
struct JsonStringStops {
  bool stop[256];
  constexpr JsonStringStops() : stop() {
    for (int c = 0; c < 256; ++c) stop[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  }
};
inline constexpr JsonStringStops kJsonStringStops;

// The first byte at or after q that is a stop (kJsonStringStops), or end.
// With SSE2 (every x86-64), 16 bytes are tested at a time: one signed
// compare below 0x20 catches both the controls and every byte >= 0x80.
inline const char* SkipPlainJsonBytes(const char* q, const char* end) {
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - q >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    __m128i special = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
    __m128i stops = _mm_or_si128(_mm_cmplt_epi8(x, below), special);
    int mask = _mm_movemask_epi8(stops);
    if (mask != 0) return q + __builtin_ctz(static_cast<unsigned>(mask));
    q += 16;
  }
#endif
  while (q < end && !kJsonStringStops.stop[static_cast<unsigned char>(*q)]) ++q;
  return q;
}

// Scans the string literal starting at *p (its opening quote; REQUIRES:
// *p <= end). On success: true, *out holds its raw contents, *p is just past
// its closing quote and *continuations has grown by the UTF-8 continuation
// bytes in it. False at anything the fast path does not take (then *p is
// unchanged and *continuations unspecified). Inline: it runs for every key
// and string of every document read; the rare paths (escapes, non-ASCII
// bytes) call out.
inline bool ScanJsonString(const char** p, const char* end, RawJsonString* out,
                           size_t* continuations) {
  const char* q = *p;
  if (q == end || *q != '"') return false;
  ++q;
  const char* start = q;
  bool escaped = false;
  for (;;) {
    q = SkipPlainJsonBytes(q, end);
    if (q == end) return false;
    unsigned char c = static_cast<unsigned char>(*q);
    if (c == '"') break;
    if (c == '\\') {
      escaped = true;
      if (end - q < 2) return false;
      char e = q[1];
      if (e == 'u') {
        if (end - q < 6) return false;
        int cp = JsonHex4(q + 2);
        if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        q += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                 e == 'r' || e == 't') {
        q += 2;
      } else {
        return false;
      }
    } else if (c < 0x20) {
      return false;
    } else {
      size_t n = Utf8SequenceLength(q, end);
      if (n == 0) return false;
      *continuations += n - 1;
      q += n;
    }
  }
  out->raw = std::string_view(start, static_cast<size_t>(q - start));
  out->escaped = escaped;
  *p = q + 1;
  return true;
}

// DecodeJsonString for a string with escapes.
void DecodeEscapedJsonString(const RawJsonString& s, std::string* out);

// The decoded contents of a string ScanJsonString accepted, into *out.
inline void DecodeJsonString(const RawJsonString& s, std::string* out) {
  if (s.escaped) {
    DecodeEscapedJsonString(s, out);
    return;
  }
  // clear() then append() rather than assign(), which allows for aliasing:
  // ~3.6k instructions less per BM_Check/20 load (callgrind, work-hA).
  out->clear();
  out->append(s.raw.data(), s.raw.size());
}

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_STRING_SCAN_H_
