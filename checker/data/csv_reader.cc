#include "checker/data/csv_reader.h"

#include "checker/data/key_scan.h"

#include <csv.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace dxcheck {

struct CsvReader::State {
  csv_parser parser;
  bool parser_ready = false;
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  std::string encoding;      // "utf-8" or the iconv name
  bool utf8 = true;          // encoding == "utf-8": values are validated
  std::string pending;       // an incomplete multi-byte sequence from the last chunk
  std::string converted;     // this chunk in UTF-8
  uint64_t offset = 0;       // bytes of the file consumed
  bool bom_checked = false;
  bool header = true;
  TableVisitor* visitor = nullptr;
  std::vector<std::string> names;  // the header row, while it is read
  std::vector<std::string> first_row;  // without a header: the first record's values
  size_t column = 0;               // of the current record
  size_t width = 0;                // columns of the file, once known
  uint64_t records = 0;            // data records (the header excluded)
  bool columns_sent = false;
  Status error;
  // The bulk path (see Feed): records without a quote character are split
  // here; a record with one goes to libcsv whole.
  bool bulk = true;           // Open's `bulk`, and the dialect allows it
  unsigned char delim = ',', quote = '"';
  bool space_is_tab = true;   // libcsv trims spaces and, unless TSV, tabs
  bool in_libcsv = false;     // libcsv is inside a record (a quoted value spans lines)
  bool quotes_odd = false;    // of the quote characters libcsv has had in this record
  std::string carry;          // an unfinished line, waiting for the next chunk
  // The delimiters of the line being split: ends[0..delimiters). The buffer
  // only grows (to a line's length at most), so splitting allocates nothing.
  std::vector<uint32_t> ends;
  size_t delimiters = 0;
  bool avx2 = false;          // KeyLine's AVX2 kernel (Open's `avx2` and the CPU has it)

  ~State() {
    if (parser_ready) csv_free(&parser);
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
  std::string Where() const {
    return "record " + std::to_string(records + (header ? 2 : 1)) + ", column " +
           std::to_string(column + 1);
  }
};

namespace {

// libcsv grows its field buffer with this; refusing past kMaxCellBytes makes a
// huge field a CSV_ENOMEM error instead of unbounded memory.
void* CappedRealloc(void* p, size_t n) {
  if (n > kMaxCellBytes + 64) return nullptr;
  return std::realloc(p, n);
}

int SpaceOnly(unsigned char c) { return c == ' ' ? 1 : 0; }

// One value; `checked`: already known to be valid UTF-8 (or not UTF-8 input).
void Field(CsvReader::State* s, std::string_view v, bool checked) {
  if (!s->error.ok()) return;
  if (s->utf8 && !checked && !IsValidUtf8(v)) {
    s->error = Status::InvalidInput(s->Where() + ": invalid UTF-8 (declare the file's encoding, "
                                    "e.g. \"encoding\": \"gb18030\")");
    return;
  }
  if (s->header && !s->columns_sent) {
    if (s->names.size() >= kMaxColumns) {
      s->error = Status::InvalidInput("more than " + std::to_string(kMaxColumns) + " columns");
      return;
    }
    s->names.emplace_back(v);
    ++s->column;
    return;
  }
  if (!s->columns_sent) {
    // No header: the first record's width fixes the columns, by position.
    s->names.push_back(std::to_string(s->names.size() + 1));
    if (s->names.size() > kMaxColumns) {
      s->error = Status::InvalidInput("more than " + std::to_string(kMaxColumns) + " columns");
      return;
    }
    s->first_row.emplace_back(v);  // delivered once Columns has run (OnRow)
    ++s->column;
    return;
  }
  if (s->column >= s->width) {
    s->error = Status::InvalidInput(s->Where() + ": more values than the " +
                                    std::to_string(s->width) + " columns of the " +
                                    (s->header ? "header" : "first record"));
    return;
  }
  s->visitor->Cell(s->column++, v);
}

void OnField(void* data, size_t len, void* ctx) {
  Field(static_cast<CsvReader::State*>(ctx),
        std::string_view(data == nullptr ? "" : static_cast<const char*>(data), len), false);
}

void Row(CsvReader::State* s) {
  if (!s->error.ok()) return;
  if (!s->columns_sent) {
    s->width = s->names.size();
    s->columns_sent = true;
    s->error = s->visitor->Columns(s->names, !s->header);
    s->column = 0;
    if (s->header || !s->error.ok()) return;
    for (size_t i = 0; i < s->first_row.size(); ++i) s->visitor->Cell(i, s->first_row[i]);
    s->first_row.clear();
  }
  s->visitor->RowEnd();
  ++s->records;
  s->column = 0;
}

void OnRow(int, void* ctx) { Row(static_cast<CsvReader::State*>(ctx)); }

bool IsSpace(const CsvReader::State& s, unsigned char c) {
  return c == ' ' || (c == '\t' && s.space_is_tab);
}

// Hands `bytes` to libcsv, keeping the parity of the quote characters of the
// record: after a line feed with an even count libcsv is between records (in
// strict mode a quote opens or closes a quoted value, or is doubled inside
// one; any other quote is an error), and the bulk path may take over again.
void LibcsvParse(CsvReader::State* s, std::string_view bytes) {
  size_t n = csv_parse(&s->parser, bytes.data(), bytes.size(), OnField, OnRow, s);
  if (!s->error.ok()) return;
  if (n != bytes.size()) {
    int e = csv_error(&s->parser);
    s->error = Status::InvalidInput(
        s->Where() + ": " +
        (e == CSV_ENOMEM ? "a value longer than " + std::to_string(kMaxCellBytes >> 20) + " MiB"
                         : std::string("malformed CSV (") + csv_strerror(e) +
                               ": a quote inside an unquoted value, or text after a closing "
                               "quote)"));
    return;
  }
  for (const char* p = bytes.data(), *end = p + bytes.size();
       (p = static_cast<const char*>(std::memchr(p, s->quote, static_cast<size_t>(end - p)))) != nullptr;
       ++p) {
    s->quotes_odd = !s->quotes_odd;
  }
}

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
  if (n == 0 || IsSpace(*s, p[0])) return false;
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
      Field(s, row[first], false);  // the UTF-8 error
    } else {
      Field(s, row[first], true);   // more values than columns
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
  while (i < n && IsSpace(*s, p[i])) ++i;
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
    while (a < b && IsSpace(*s, p[a])) ++a;
    while (b > a && IsSpace(*s, p[b - 1])) --b;
    Field(s, std::string_view(line.data() + a, b - a), checked);
    start = end + 1;
  }
  Row(s);
}

// Longer lines go to libcsv as they come (it caps a value at kMaxCellBytes).
constexpr size_t kMaxCarry = 1 << 20;

// A complete line, its line feed included (absent only at the end of the file).
void Line(CsvReader::State* s, std::string_view line) {
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
  LibcsvParse(s, line);
  s->in_libcsv = s->quotes_odd || line.empty() || line.back() != '\n';
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const Resource& r, bool tsv,
                                                   TableVisitor* visitor, bool bulk, bool avx2) {
  std::unique_ptr<CsvReader> reader(new CsvReader());
  auto s = std::make_unique<State>();
  s->visitor = visitor;
  s->header = r.dialect.header;
  std::string enc = r.encoding.empty() ? "utf-8" : r.encoding;
  if (enc == "utf8" || enc == "utf-8-sig") enc = "utf-8";
  if (enc != "utf-8") {
    if (enc != "gb18030" && enc != "gbk" && enc != "gb2312" && enc != "cp936") {
      return Status::InvalidInput("encoding \"" + r.encoding + "\" is not read (utf-8, gb18030, "
                                  "gbk and gb2312 are)");
    }
    s->cd = iconv_open("UTF-8", enc == "cp936" ? "GBK" : enc.c_str());
    if (s->cd == reinterpret_cast<iconv_t>(-1)) {
      return Status::InvalidInput("encoding \"" + r.encoding + "\" is not available in iconv");
    }
  }
  s->encoding = enc;
  s->utf8 = enc == "utf-8";
  if (!r.dialect.double_quote) {
    // Frictionless doubleQuote false means a quote inside a quoted value is
    // escaped some other way (escapeChar). libcsv knows only doubling: it
    // would misread such a file, so it is refused, not guessed at.
    return Status::InvalidInput("dialect \"doubleQuote\": false is not read (libcsv reads only "
                                "doubled quotes inside quoted values; write the file with "
                                "doubleQuote true)");
  }
  if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return Status::Internal("libcsv could not be initialised");
  }
  s->parser_ready = true;
  unsigned char delim = tsv ? '\t' : ',';
  if (r.dialect.delimiter && r.dialect.delimiter->size() == 1) delim = (*r.dialect.delimiter)[0];
  if (r.dialect.delimiter && r.dialect.delimiter->size() != 1) {
    return Status::InvalidInput("a dialect delimiter of one character is read, not \"" +
                                *r.dialect.delimiter + "\"");
  }
  csv_set_delim(&s->parser, delim);
  csv_set_quote(&s->parser, static_cast<unsigned char>(r.dialect.quote_char));
  csv_set_realloc_func(&s->parser, CappedRealloc);
  if (delim == '\t') csv_set_space_func(&s->parser, SpaceOnly);
  s->delim = delim;
  s->quote = static_cast<unsigned char>(r.dialect.quote_char);
  s->space_is_tab = delim != '\t';
  // A delimiter that is a space, a line end or the quote would make the
  // split ambiguous: such a file is read by libcsv alone.
  s->avx2 = avx2 && CpuHasAvx2ForKeyScan();
  s->bulk = bulk && !IsSpace(*s, delim) && delim != '\r' && delim != '\n' && delim != s->quote;
  reader->s_ = std::move(s);
  return reader;
}

CsvReader::~CsvReader() = default;

uint64_t CsvReader::records() const { return s_->records; }

Status CsvReader::Feed(std::string_view bytes) {
  State& s = *s_;
  if (!s.error.ok()) return s.error;
  std::string_view data = bytes;
  if (s.cd != reinterpret_cast<iconv_t>(-1)) {
    std::string in = s.pending;
    in.append(bytes.data(), bytes.size());
    s.pending.clear();
    s.converted.resize(in.size() * 2 + 16);
    char* ip = in.data();
    size_t il = in.size();
    char* op = s.converted.data();
    size_t ol = s.converted.size();
    while (il > 0) {
      if (iconv(s.cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1)) break;
      if (errno == EINVAL) {  // incomplete sequence at the chunk's end
        s.pending.assign(ip, il);
        break;
      }
      if (errno == E2BIG) {
        size_t used = static_cast<size_t>(op - s.converted.data());
        s.converted.resize(s.converted.size() * 2);
        op = s.converted.data() + used;
        ol = s.converted.size() - used;
        continue;
      }
      uint64_t at = s.offset + static_cast<uint64_t>(ip - in.data()) - 0;
      s.error = Status::InvalidInput("byte " + std::to_string(at) + ": invalid " + s.encoding +
                                     " byte sequence");
      return s.error;
    }
    s.offset += bytes.size();
    data = std::string_view(s.converted.data(), static_cast<size_t>(op - s.converted.data()));
  } else {
    s.offset += bytes.size();
  }
  if (!s.bom_checked && !data.empty()) {
    s.bom_checked = true;
    if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  }
  Parse(data);
  return s.error;
}

// The bulk path: libcsv calls back for every byte and every value, which
// bounds the scan far below the rate of SHA-256 (docs/data.md "Speed"). A
// line without a quote character is split here instead (memchr), exactly as
// libcsv would split it; a line with one starts a record that libcsv reads,
// line by line, until its quotes are closed at a line's end. Every error is
// still libcsv's or the callbacks'.
void CsvReader::Parse(std::string_view data) {
  State& s = *s_;
  while (!data.empty() && s.error.ok()) {
    const char* nl = static_cast<const char*>(std::memchr(data.data(), '\n', data.size()));
    size_t len = nl == nullptr ? data.size() : static_cast<size_t>(nl - data.data()) + 1;
    std::string_view line = data.substr(0, len);
    data.remove_prefix(len);
    if (s.in_libcsv) {
      LibcsvParse(&s, line);
      if (nl != nullptr && !s.quotes_odd) s.in_libcsv = false;
      continue;
    }
    if (nl == nullptr || !s.carry.empty()) {
      s.carry.append(line);
      if (nl == nullptr) {
        if (s.carry.size() > kMaxCarry) {  // a huge line: libcsv reads it as it comes
          s.quotes_odd = false;
          LibcsvParse(&s, s.carry);
          s.in_libcsv = true;
          s.carry.clear();
        }
        break;
      }
      Line(&s, s.carry);
      s.carry.clear();
      continue;
    }
    Line(&s, line);
  }
}

Status CsvReader::Finish() {
  State& s = *s_;
  if (!s.error.ok()) return s.error;
  if (!s.pending.empty()) {
    s.error = Status::InvalidInput("byte " + std::to_string(s.offset - s.pending.size()) +
                                   ": the file ends inside a " + s.encoding + " character");
    return s.error;
  }
  if (!s.carry.empty()) {  // a last line without a line feed
    if (s.in_libcsv) {
      LibcsvParse(&s, s.carry);
    } else {
      Line(&s, s.carry);
    }
    s.carry.clear();
    if (!s.error.ok()) return s.error;
  }
  if (csv_fini(&s.parser, OnField, OnRow, &s) != 0) {
    s.error = Status::InvalidInput(s.Where() + ": the file ends inside a quoted value");
    return s.error;
  }
  if (s.error.ok() && !s.columns_sent) {
    // An empty file: no columns at all.
    s.columns_sent = true;
    s.error = s.visitor->Columns({}, !s.header);
  }
  return s.error;
}

}  // namespace dxcheck
