#include "checker/data/key_scan.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace dxcheck {
namespace {

// Locates delimiters number `next` (and then `want`) among those of a block
// whose delimiter bits are `mask`, `count` delimiters before it.
inline void LocateInBlock(uint64_t mask, size_t at, size_t count, size_t want, KeyScan* k,
                          size_t* next) {
  size_t c = static_cast<size_t>(__builtin_popcountll(mask));
  while (*next != SIZE_MAX && count + c > *next) {
    uint64_t m = mask;
    for (size_t skip = *next - count; skip > 0; --skip) m &= m - 1;
    uint32_t pos = static_cast<uint32_t>(at) + static_cast<uint32_t>(__builtin_ctzll(m));
    if (*next + 1 == want) {  // the delimiter before the value
      k->begin = pos + 1;
      *next = want;
    } else {                  // the delimiter after it
      k->end = pos;
      *next = SIZE_MAX;
    }
  }
}

// The bytes a block kernel leaves (fewer than its width), one by one.
inline void KeyTail(const unsigned char* p, size_t i, size_t n, unsigned char delim,
                    unsigned char quote, size_t want, KeyScan* k, size_t* next) {
  for (; i < n; ++i) {
    unsigned char c = p[i];
    k->special |= c == quote || c == '\r';
    k->high |= (c & 0x80) != 0;
    if (c != delim) continue;
    LocateInBlock(1, i, k->delimiters, want, k, next);
    ++k->delimiters;
  }
}

#ifdef __SSE2__
// One 16-byte block at p: its delimiter bits are returned, its quote or
// carriage-return bits and high bits or-ed into *special and *high; `valid`
// masks the bytes to look at.
inline unsigned Block16(const unsigned char* p, __m128i d, __m128i q, __m128i cr,
                        unsigned valid, unsigned* special, unsigned* high) {
  __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  *special |= valid & static_cast<unsigned>(_mm_movemask_epi8(
                          _mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, cr))));
  *high |= valid & static_cast<unsigned>(_mm_movemask_epi8(x));
  return valid & static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, d)));
}

// Sixteen bytes at a time from `i`; the last block overlaps the one before
// it (its bytes already seen masked off) instead of a byte loop.
inline void KeyBlocks16(const unsigned char* p, size_t i, size_t n, unsigned char delim,
                        unsigned char quote, size_t want, KeyScan* k, size_t* next) {
  const __m128i d = _mm_set1_epi8(static_cast<char>(delim));
  const __m128i q = _mm_set1_epi8(static_cast<char>(quote));
  const __m128i cr = _mm_set1_epi8('\r');
  unsigned special = 0, high = 0;
  for (; i + 16 <= n; i += 16) {
    unsigned delims = Block16(p + i, d, q, cr, 0xFFFFu, &special, &high);
    if (delims == 0) continue;
    LocateInBlock(delims, i, k->delimiters, want, k, next);
    k->delimiters += static_cast<size_t>(__builtin_popcount(delims));
  }
  if (i < n && n >= 16) {
    unsigned valid = (0xFFFFu << (16 - (n - i))) & 0xFFFFu;
    unsigned delims = Block16(p + n - 16, d, q, cr, valid, &special, &high);
    LocateInBlock(delims, n - 16, k->delimiters, want, k, next);
    k->delimiters += static_cast<size_t>(__builtin_popcount(delims));
    i = n;
  }
  k->special |= special != 0;
  k->high |= high != 0;
  KeyTail(p, i, n, delim, quote, want, k, next);  // a line shorter than 16 bytes
}
#endif

// Scans a line for the bounds of value `want` only, counting the other
// delimiters with popcount instead of writing their offsets: for rows no
// column sample wants (TableVisitor::RowWants). Sixteen bytes at a time
// (SSE2, part of x86-64), or thirty-two with AVX2 when the CPU has it.
KeyScan ScanKeySse2(const unsigned char* p, size_t n, unsigned char delim, unsigned char quote,
                    size_t want) {
  KeyScan k;
  size_t next = want == 0 ? 0 : want - 1;  // the delimiter being looked for
#ifdef __SSE2__
  KeyBlocks16(p, 0, n, delim, quote, want, &k, &next);
#else
  KeyTail(p, 0, n, delim, quote, want, &k, &next);
#endif
  return k;
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,popcnt,bmi"))) KeyScan ScanKeyAvx2(const unsigned char* p, size_t n,
                                                              unsigned char delim,
                                                              unsigned char quote, size_t want) {
  KeyScan k;
  size_t next = want == 0 ? 0 : want - 1;
  if (n < 32) {  // too short for one block
    KeyBlocks16(p, 0, n, delim, quote, want, &k, &next);
    return k;
  }
  const __m256i d = _mm256_set1_epi8(static_cast<char>(delim));
  const __m256i q = _mm256_set1_epi8(static_cast<char>(quote));
  const __m256i cr = _mm256_set1_epi8('\r');
  uint32_t special = 0, high = 0;
  // The last block overlaps the one before it, its bytes already seen
  // masked off.
  for (size_t i = 0; i < n; i += 32) {
    size_t at = i + 32 <= n ? i : n - 32;
    uint32_t valid = i + 32 <= n ? 0xFFFFFFFFu : 0xFFFFFFFFu << (32 - (n - i));
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + at));
    uint32_t delims = valid & static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, d)));
    special |= valid & static_cast<uint32_t>(_mm256_movemask_epi8(
                           _mm256_or_si256(_mm256_cmpeq_epi8(x, q), _mm256_cmpeq_epi8(x, cr))));
    high |= valid & static_cast<uint32_t>(_mm256_movemask_epi8(x));
    if (delims == 0) continue;
    LocateInBlock(delims, at, k.delimiters, want, &k, &next);
    k.delimiters += static_cast<size_t>(__builtin_popcount(delims));
  }
  k.special = special != 0;
  k.high = high != 0;
  return k;
}
#endif

}  // namespace

KeyScan ScanKey(const unsigned char* p, size_t n, unsigned char delim, unsigned char quote,
                size_t want, bool avx2) {
#if defined(__x86_64__) && defined(__GNUC__)
  KeyScan k = avx2 ? ScanKeyAvx2(p, n, delim, quote, want) : ScanKeySse2(p, n, delim, quote, want);
#else
  (void)avx2;
  KeyScan k = ScanKeySse2(p, n, delim, quote, want);
#endif
  if (want == k.delimiters) k.end = static_cast<uint32_t>(n);  // no delimiter after the last value
  return k;
}

bool CpuHasAvx2ForKeyScan() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
                          __builtin_cpu_supports("bmi");
  return has;
#else
  return false;
#endif
}

}  // namespace dxcheck
