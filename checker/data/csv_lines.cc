// The bulk path of the CSV reader (csv_state.h): lines without a quote
// character or a carriage return are split here, exactly as libcsv would
// split them; rows the visitor reads one value of are only scanned for it.
#include <algorithm>
#include <cstring>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "checker/data/csv_state.h"
#include "checker/data/key_scan.h"

namespace dxcheck {
namespace {

// Finds the delimiters of `body` (into s->ends) sixteen bytes at a time, and
// whether it holds a quote or a carriage return (then it is libcsv's) or a
// byte above 0x7F (then its values are checked for UTF-8 one by one).
bool SplitLine(CsvReader::State* s, std::string_view body, bool* ascii) {
  const auto* p = reinterpret_cast<const unsigned char*>(body.data());
  size_t n = body.size(), i = 0;
  unsigned special = 0, high = 0;
  if (s->ends.size() < n + 1) s->ends.resize(n + 1);
  uint32_t* out = s->ends.data();
  size_t found = 0;
#ifdef __SSE2__
  const __m128i d = _mm_set1_epi8(static_cast<char>(s->delim));
  const __m128i q = _mm_set1_epi8(static_cast<char>(s->quote));
  const __m128i cr = _mm_set1_epi8('\r');
  for (; i + 16 <= n; i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    unsigned delims = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, d)));
    special |= static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, cr))));
    high |= static_cast<unsigned>(_mm_movemask_epi8(x));
    while (delims != 0) {
      out[found++] = static_cast<uint32_t>(i) + static_cast<uint32_t>(__builtin_ctz(delims));
      delims &= delims - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    unsigned char c = p[i];
    if (c == s->delim) out[found++] = static_cast<uint32_t>(i);
    special |= c == s->quote || c == '\r';
    high |= c & 0x80;
  }
  s->delimiters = found;
  *ascii = high == 0;
  return special == 0;
}

// A data line of the bulk path of which the visitor reads one value
// (`want`): handed over with only that value located, when nothing about the
// line needs the full split — no quote, no carriage return, valid UTF-8, no
// more values than columns, not starting with a space (a line of spaces is
// no record). Otherwise false, and the line takes the full path, which
// finds every error exactly as before.
bool KeyLine(CsvReader::State* s, std::string_view body, size_t want) {
  const auto* p = reinterpret_cast<const unsigned char*>(body.data());
  size_t n = body.size();
  if (n == 0 || s->IsSpace(p[0])) return false;
  KeyScan k = ScanKey(p, n, s->delim, s->quote, want, s->avx2);
  if (k.special || k.delimiters + 1 > s->width) return false;
  if (k.high && s->utf8 && !IsValidUtf8(body)) return false;
  // A `want` past the line's values leaves none located (k.begin, k.end unset).
  DelimitedRow row(body, k.delimiters + 1, want, k.begin, k.end, s->space_is_tab);
  s->visitor->Row(row);
  ++s->records;
  s->column = 0;
  return true;
}

// A data record of the bulk path once the columns are known: checked as
// Field would check its values one by one (the first value that is invalid
// UTF-8 or past the last column is the error, with the same message), then
// handed over whole; the visitor reads the values it needs.
void RowOfLine(CsvReader::State* s, std::string_view line, bool checked) {
  size_t values = s->delimiters + 1;
  DelimitedRow row(line, s->ends.data(), s->delimiters, s->space_is_tab);
  size_t bad = SIZE_MAX;  // the first value that is not UTF-8
  if (!checked && !IsValidUtf8(line)) {
    // Delimiters and spaces are ASCII, which no multi-byte character holds:
    // the line is valid exactly when each of its values is.
    for (size_t k = 0; k < values && bad == SIZE_MAX; ++k) {
      if (!IsValidUtf8(row[k])) bad = k;
    }
  }
  size_t first = std::min(bad, values > s->width ? s->width : SIZE_MAX);
  if (first != SIZE_MAX) {
    // As value by value: the values before the bad one were handed over.
    for (size_t k = 0; k < first; ++k) s->visitor->Cell(k, row[k]);
    s->column = first;
    if (first == bad) {
      CsvValue(s, row[first], false);  // the UTF-8 error
    } else {
      CsvValue(s, row[first], true);   // more values than columns
    }
    return;
  }
  s->visitor->Row(row);
  ++s->records;
  s->column = 0;
}

// A line of the bulk path (SplitLine found no quote and no carriage return),
// split exactly as libcsv splits it (CSV_STRICT, the reader's space
// function): values trimmed of spaces, a line of spaces only is no record.
void BulkLine(CsvReader::State* s, std::string_view line, bool ascii) {
  size_t n = line.size();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(line.data());
  size_t i = 0;
  while (i < n && s->IsSpace(p[i])) ++i;
  if (i == n) return;
  // UTF-8 is checked once for the line when it is ASCII; a value holding a
  // multi-byte character is checked by itself (the error names its column).
  bool checked = ascii || !s->utf8;
  if (s->columns_sent && s->error.ok()) {
    RowOfLine(s, line, checked);
    return;
  }
  size_t start = 0;
  for (size_t k = 0; k <= s->delimiters && s->error.ok(); ++k) {
    size_t end = k < s->delimiters ? s->ends[k] : n;
    size_t a = start, b = end;
    while (a < b && s->IsSpace(p[a])) ++a;
    while (b > a && s->IsSpace(p[b - 1])) --b;
    CsvValue(s, std::string_view(line.data() + a, b - a), checked);
    start = end + 1;
  }
  CsvRecordEnd(s);
}

}  // namespace

void CsvLine(CsvReader::State* s, std::string_view line) {
  std::string_view body = line;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
  bool ascii = false;
  if (s->bulk && line.size() <= kMaxCarry && s->columns_sent && s->error.ok()) {
    size_t want = s->visitor->RowWants();
    if (want != DelimitedRow::kEvery && KeyLine(s, body, want)) return;
  }
  if (s->bulk && line.size() <= kMaxCarry && SplitLine(s, body, &ascii)) {
    BulkLine(s, body, ascii);
    return;
  }
  s->quotes_odd = false;
  CsvLibcsvParse(s, line);
  s->in_libcsv = s->quotes_odd || line.empty() || line.back() != '\n';
}

}  // namespace dxcheck
