#include "checker/data/csv_reader.h"

#include <csv.h>
#include <iconv.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "checker/data/csv_state.h"
#include "checker/data/key_scan.h"

namespace dxcheck {
namespace {

// libcsv grows its field buffer with this; refusing past kMaxCellBytes makes a
// huge field a CSV_ENOMEM error instead of unbounded memory.
void* CappedRealloc(void* p, size_t n) {
  if (n > kMaxCellBytes + 64) return nullptr;
  return std::realloc(p, n);
}

int SpaceOnly(unsigned char c) { return c == ' ' ? 1 : 0; }

void OnField(void* data, size_t len, void* ctx);
void OnRow(int, void* ctx);

}  // namespace

void CsvValue(CsvReader::State* s, std::string_view v, bool checked) {
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

void CsvRecordEnd(CsvReader::State* s) {
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

// Hands `bytes` to libcsv, keeping the parity of the quote characters of the
// record: after a line feed with an even count libcsv is between records (in
// strict mode a quote opens or closes a quoted value, or is doubled inside
// one; any other quote is an error), and the bulk path may take over again.
void CsvLibcsvParse(CsvReader::State* s, std::string_view bytes) {
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

namespace {

void OnField(void* data, size_t len, void* ctx) {
  CsvValue(static_cast<CsvReader::State*>(ctx),
        std::string_view(data == nullptr ? "" : static_cast<const char*>(data), len), false);
}

void OnRow(int, void* ctx) { CsvRecordEnd(static_cast<CsvReader::State*>(ctx)); }


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
  s->bulk = bulk && !s->IsSpace(delim) && delim != '\r' && delim != '\n' && delim != s->quote;
  reader->s_ = std::move(s);
  return reader;
}

CsvReader::~CsvReader() = default;

uint64_t CsvReader::records() const { return s_->records; }

Status CsvReader::Feed(std::string_view bytes) {
  State& s = *s_;
  if (!s.error.ok()) return s.error;
  // No text in UTF-8 or the GB encodings holds a NUL byte. Read as UTF-8
  // (where NUL is valid) a UTF-16 file or a value split by NULs would hide
  // every value from the detectors, so a NUL is an error, not a character.
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size())) {
    uint64_t at = s.offset + static_cast<uint64_t>(static_cast<const char*>(nul) - bytes.data());
    s.error = Status::InvalidInput("byte " + std::to_string(at) +
                                   ": a NUL byte, which no UTF-8 or GB18030 text holds (a UTF-16 "
                                   "file? convert it to UTF-8)");
    return s.error;
  }
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
      CsvLibcsvParse(&s, line);
      if (nl != nullptr && !s.quotes_odd) s.in_libcsv = false;
      continue;
    }
    if (nl == nullptr || !s.carry.empty()) {
      s.carry.append(line);
      if (nl == nullptr) {
        if (s.carry.size() > kMaxCarry) {  // a huge line: libcsv reads it as it comes
          s.quotes_odd = false;
          CsvLibcsvParse(&s, s.carry);
          s.in_libcsv = true;
          s.carry.clear();
        }
        break;
      }
      CsvLine(&s, s.carry);
      s.carry.clear();
      continue;
    }
    CsvLine(&s, line);
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
      CsvLibcsvParse(&s, s.carry);
    } else {
      CsvLine(&s, s.carry);
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
