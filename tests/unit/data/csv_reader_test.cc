#include "checker/data/csv_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checker/data/jsonl_reader.h"
#include "checker/data/key_scan.h"

namespace dxcheck {
namespace {

// Records what a reader hands over.
struct Recorder : TableVisitor {
  std::vector<std::string> names;
  bool by_position = false;
  int columns_calls = 0;
  std::vector<std::vector<std::string>> rows{{}};
  Status Columns(const std::vector<std::string>& n, bool pos) override {
    names = n;
    by_position = pos;
    ++columns_calls;
    return Status::Ok();
  }
  void Cell(size_t column, std::string_view v) override {
    if (rows.back().size() <= column) rows.back().resize(column + 1);
    rows.back()[column] = std::string(v);
  }
  void RowEnd() override { rows.emplace_back(); }
  size_t records() const { return rows.size() - 1; }
};

// A visitor that, like the scan's, asks for one value of most rows
// (RowWants): the column it wants of row r is Wants(r), and a row handed
// over with one value located is recorded with that value alone.
struct WantsRecorder : Recorder {
  static size_t Wants(size_t row) {
    uint64_t h = (row + 1) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    return h % 4 == 0 ? DelimitedRow::kEvery : (h >> 8) % 5;  // a column, or past the row
  }
  size_t RowWants() const override { return Wants(records()); }
  void Row(const DelimitedRow& row) override {
    if (!row.complete()) {
      ++partial_rows;
      partial.resize(records() + 1, false);
      partial[records()] = true;
      size_t want = Wants(records());
      // Exactly the value asked for is located, no other.
      for (size_t i = 0; i < row.size(); ++i) {
        if (row.has(i) != (i == want)) wrong_value = true;
      }
    }
    TableVisitor::Row(row);
  }
  // The rows of `alone` (libcsv read every value) as this recorder should
  // have them: a row handed over partially holds its wanted value only.
  std::vector<std::vector<std::string>> Expected(const Recorder& alone) const {
    std::vector<std::vector<std::string>> out = alone.rows;
    for (size_t r = 0; r < out.size() && r < partial.size(); ++r) {
      if (!partial[r]) continue;
      size_t want = Wants(r);
      std::vector<std::string> only;
      if (want < out[r].size()) {
        only.resize(want + 1);
        only[want] = out[r][want];
      }
      out[r] = only;
    }
    return out;
  }
  std::vector<bool> partial;
  int partial_rows = 0;
  bool wrong_value = false;
};

// xorshift64: the differential tests' random texts, the same on every run.
struct XorShift {
  uint64_t state;
  uint64_t operator()() {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  }
};

Status ReadCsv(const std::string& text, Resource r, Recorder* rec, size_t chunk = 3,
               bool bulk = true, bool tsv = false, bool avx2 = true) {
  Result<std::unique_ptr<CsvReader>> csv = CsvReader::Open(r, tsv, rec, bulk, avx2);
  if (!csv.ok()) return csv.status();
  for (size_t i = 0; i < text.size(); i += chunk) {
    Status s = (*csv)->Feed(std::string_view(text).substr(i, chunk));
    if (!s.ok()) return s;
  }
  return (*csv)->Finish();
}

}  // namespace

// The bulk path (lines without a quote, split by the reader) must read every
// text exactly as libcsv alone does: the same columns, values, records and
// errors, whatever the chunking.
TEST_CASE("CSV: the bulk path and libcsv alone agree on random text") {
  static const char kAlphabet[] = {'a', 'b', '1', ',', ',', '"', ' ', '\t', '\r', '\n', '\n',
                                   '\xC3', '\xA9', '\xFF', ';'};
  XorShift next{0x9E3779B97F4A7C15ull};
  int errors = 0, bulk_lines = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    size_t len = next() % 48;
    // Mostly quote-free text, so that the bulk path is taken often.
    bool quotes = next() % 3 == 0;
    for (size_t i = 0; i < len; ++i) {
      char c = kAlphabet[next() % sizeof kAlphabet];
      if (c == '"' && !quotes) c = 'a';
      if (c == '\xFF' && next() % 4 != 0) c = 'b';
      text.push_back(c);
    }
    Resource r;
    r.dialect.header = next() % 2 == 0;
    bool tsv = next() % 4 == 0;
    if (next() % 8 == 0) r.dialect.delimiter = ";";
    Recorder bulk, alone;
    Status a = ReadCsv(text, r, &bulk, 1 + next() % 7, true, tsv);
    Status b = ReadCsv(text, r, &alone, 1 + next() % 7, false, tsv);
    INFO("trial " << trial << " text of " << text.size() << " bytes");
    REQUIRE(a.code() == b.code());
    REQUIRE(a.message() == b.message());
    CHECK(bulk.names == alone.names);
    CHECK(bulk.by_position == alone.by_position);
    CHECK(bulk.rows == alone.rows);
    errors += a.ok() ? 0 : 1;
    bulk_lines += !quotes && a.ok() && bulk.records() > 0 ? 1 : 0;
  }
  // Both outcomes were exercised, not only one.
  CHECK(errors > 1000);
  CHECK(bulk_lines > 500);  // 860 with this seed
}

// The same for a visitor that asks for one value of most rows (the scan's
// rows no column sample wants: KeyLine counts the delimiters and locates
// one value), with the SSE2 and (where the CPU has it) the AVX2 kernel, on
// random texts of longer lines than above so that 16- and 32-byte blocks
// and their tails are all taken.
TEST_CASE("CSV: rows read for one value agree with libcsv, SSE2 and AVX2") {
  static const char kAlphabet[] = {'a', 'b', '1', ',', ',', ',', '"', ' ', '\t', '\r', '\n',
                                   '\xC3', '\xA9', '\xFF', ';', 'x', 'y', 'z'};
  XorShift next{0xD1B54A32D192ED03ull};
  if (!CpuHasAvx2ForKeyScan()) MESSAGE("this CPU has no AVX2: the avx2 runs below use the SSE2 kernel");
  int partial_rows = 0, errors = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    bool short_lines = next() % 2 == 0;
    size_t len = next() % (short_lines ? 48 : 400);
    bool quotes = next() % 4 == 0;
    for (size_t i = 0; i < len; ++i) {
      char c = kAlphabet[next() % sizeof kAlphabet];
      if (c == '"' && !quotes) c = 'a';
      if (c == '\xFF' && next() % 8 != 0) c = 'b';
      if (c == '\r' && next() % 4 != 0) c = 'y';
      if (c == '\n' && !short_lines && next() % 6 != 0) c = 'z';  // lines of ~100 bytes
      if (c == '\t' && next() % 2 == 0) c = ' ';
      text.push_back(c);
    }
    Resource r;
    r.dialect.header = next() % 2 == 0;
    bool tsv = next() % 4 == 0;
    if (next() % 8 == 0) r.dialect.delimiter = ";";
    size_t chunk = 1 + next() % 97;
    Recorder alone;
    Status b = ReadCsv(text, r, &alone, 1 + next() % 7, false, tsv);
    for (bool avx2 : {false, true}) {
      WantsRecorder bulk;
      Status a = ReadCsv(text, r, &bulk, chunk, true, tsv, avx2);
      INFO("trial " << trial << " text of " << text.size() << " bytes, avx2 " << avx2);
      REQUIRE(a.code() == b.code());
      REQUIRE(a.message() == b.message());
      CHECK(bulk.names == alone.names);
      CHECK(bulk.by_position == alone.by_position);
      CHECK_FALSE(bulk.wrong_value);
      CHECK(bulk.rows == bulk.Expected(alone));
      partial_rows += bulk.partial_rows;
      errors += a.ok() ? 0 : 1;
    }
  }
  CHECK(partial_rows > 500);  // 1040 with this seed
  CHECK(errors > 1000);
}

TEST_CASE("CSV: a line longer than the bulk path gathers goes to libcsv, a quoted value over chunks") {
  std::string big(3 << 20, 'x');
  std::string text = "ID,NOTE\nS1," + big + "\nS2,\"a\nb\"\nS3,c\n";
  Recorder rec;
  REQUIRE(ReadCsv(text, Resource{}, &rec, 1 << 16).ok());
  REQUIRE(rec.records() == 3);
  CHECK(rec.rows[0][1].size() == big.size());
  CHECK(rec.rows[1][1] == "a\nb");
  CHECK(rec.rows[2][1] == "c");
}

TEST_CASE("CSV: header, quoted values, CRLF, fed in small chunks") {
  Recorder rec;
  REQUIRE(ReadCsv("\xEF\xBB\xBFID,NOTE\r\nS1,\"a, \"\"quoted\"\" b\"\r\nS2,\r\n", Resource{}, &rec).ok());
  CHECK(rec.names == std::vector<std::string>{"ID", "NOTE"});
  CHECK_FALSE(rec.by_position);
  REQUIRE(rec.records() == 2);
  CHECK(rec.rows[0][1] == "a, \"quoted\" b");
  CHECK(rec.rows[1][0] == "S2");
}

TEST_CASE("CSV: dialect delimiter, no header (columns by position)") {
  Resource r;
  r.dialect.delimiter = ";";
  r.dialect.header = false;
  Recorder rec;
  REQUIRE(ReadCsv("S1;x\nS2;y\n", r, &rec).ok());
  CHECK(rec.by_position);
  CHECK(rec.names == std::vector<std::string>{"1", "2"});
  CHECK(rec.records() == 2);
  CHECK(rec.rows[0][0] == "S1");
}

TEST_CASE("CSV: errors name the record and column, never the value") {
  Recorder rec;
  Status s = ReadCsv("ID,NOTE\nS1,a,13812345678\n", Resource{}, &rec);
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("record 2") != std::string::npos);
  CHECK(s.message().find("13812345678") == std::string::npos);
  Recorder rec2;
  s = ReadCsv("ID\n\"110101195001010009\n", Resource{}, &rec2);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("110101") == std::string::npos);
  Recorder rec3;
  s = ReadCsv("ID\n\xff\xfe\n", Resource{}, &rec3);
  CHECK(s.message().find("invalid UTF-8") != std::string::npos);
  CHECK(s.message().find("record 2, column 1") != std::string::npos);
  Recorder rec4;  // in the header: record 1
  s = ReadCsv("ID,N\xff\nS1,x\n", Resource{}, &rec4);
  CHECK(s.message().find("record 1, column 2: invalid UTF-8") != std::string::npos);
}

TEST_CASE("CSV: GB18030 through iconv, a character split across chunks") {
  Resource r;
  r.encoding = "gb18030";
  Recorder rec;
  // "性别" in GB18030 is D0 D4 B1 F0; one-byte chunks split every character.
  REQUIRE(ReadCsv("ID,\xD0\xD4\xB1\xF0\nS1,F\n", r, &rec, 1).ok());
  CHECK(rec.names[1] == "\xE6\x80\xA7\xE5\x88\xAB");
}

TEST_CASE("CSV: what is not read is refused precisely") {
  Resource r;
  r.dialect.double_quote = false;
  Recorder rec;
  Status s = ReadCsv("ID\nS1\n", r, &rec);
  CHECK(s.message().find("doubleQuote") != std::string::npos);
  Resource e;
  e.encoding = "latin1";
  CHECK(ReadCsv("ID\n", e, &rec).message().find("not read") != std::string::npos);
}

TEST_CASE("CSV: a NUL byte is an error at its offset (a UTF-16 file is not read as UTF-8)") {
  Resource plain;
  Recorder rec;
  Status s = ReadCsv(std::string("ID,NOTE\nS1,ab\0cd\n", 17), plain, &rec, 4);
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("byte 13") != std::string::npos);
  CHECK(s.message().find("NUL") != std::string::npos);
  // UTF-16LE without a byte-order mark, no header: every other byte is NUL.
  Resource nohdr;
  nohdr.dialect.header = false;
  Recorder rec2;
  std::string utf16;
  for (char c : std::string("110101195001010009,S1\n")) utf16 += std::string(1, c) + '\0';
  CHECK_FALSE(ReadCsv(utf16, nohdr, &rec2).ok());
  CHECK(rec2.records() == 0);
  Resource gb;
  gb.encoding = "gb18030";
  Recorder rec3;
  CHECK(ReadCsv(std::string("ID\nS\0\n", 6), gb, &rec3).message().find("NUL") != std::string::npos);
}

TEST_CASE("JSON Lines: keys as columns, a later key extends them, values only strings and numbers") {
  Recorder rec;
  JsonlReader j(&rec);
  std::string text = "{\"ID\": \"S1\", \"AGE\": 42}\r\n\n{\"ID\": \"S2\", \"X\": {\"a\": 1}, \"OK\": true}\n"
                     "{\"AGE\": 7}";
  for (size_t i = 0; i < text.size(); i += 5) REQUIRE(j.Feed(std::string_view(text).substr(i, 5)).ok());
  REQUIRE(j.Finish().ok());
  CHECK(rec.names == std::vector<std::string>{"ID", "AGE", "X", "OK"});
  CHECK(rec.columns_calls == 2);
  CHECK(j.records() == 3);
  CHECK(rec.rows[0][1] == "42");
  CHECK(rec.rows[1][2] == "1");  // an object's numbers and strings are its column's values
  CHECK(rec.rows[1][3].empty());  // a boolean is not a value
}

// Keeps every value a column gets in a row (a nested JSON value gives several).
struct AllValues : TableVisitor {
  std::vector<std::string> names;
  std::vector<std::pair<size_t, std::string>> cells;
  size_t key = SIZE_MAX;
  Status Columns(const std::vector<std::string>& n, bool) override {
    names = n;
    return Status::Ok();
  }
  void Cell(size_t column, std::string_view v) override { cells.emplace_back(column, v); }
  void RowEnd() override {}
  size_t KeyColumn() const override { return key; }
};

TEST_CASE("JSON Lines: every string, number and key nested in a value is tested; a nested key fails") {
  AllValues rec;
  rec.key = 0;
  JsonlReader j(&rec);
  REQUIRE(j.Feed("{\"ID\": \"S1\", \"IDS\": [\"a\", {\"n\": [7, null, \"b\"]}, true], \"E\": []}\n").ok());
  REQUIRE(j.Finish().ok());
  std::vector<std::pair<size_t, std::string>> want{{0, "S1"}, {1, "a"}, {1, "n"}, {1, "7"}, {1, "b"}};
  CHECK(rec.cells == want);
  AllValues k;
  k.key = 1;
  JsonlReader l(&k);
  Status s = l.Feed("{\"X\": 1, \"USUBJID\": [\"S1\", \"S2\"]}\n");
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("line 1") != std::string::npos);
  CHECK(s.message().find("counting key \"USUBJID\" holds an array") != std::string::npos);
  CHECK(s.message().find("S1") == std::string::npos);
  AllValues o;
  o.key = 0;
  JsonlReader m(&o);
  CHECK(m.Feed("{\"USUBJID\": {\"id\": \"S1\"}}\n").message().find("an object") != std::string::npos);
}

TEST_CASE("JSON Lines: a line of more values than kMaxJsonLineValues is an error (E1008)") {
  AllValues rec;
  JsonlReader j(&rec);
  std::string line = "{\"ID\": [0";
  for (size_t i = 1; i < kMaxJsonLineValues; ++i) line += ",0";
  line += "]}\n";
  Status s = j.Feed(line);
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("line 1: not one valid JSON object (E1008)") != std::string::npos);
}

TEST_CASE("JSON Lines: a NUL character in a string is an error") {
  AllValues rec;
  JsonlReader j(&rec);
  Status s = j.Feed("{\"ID\": \"S1\"}\n{\"ID\": [\"1101011950\\u000001010009\"]}\n");
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("line 2") != std::string::npos);
  CHECK(s.message().find("NUL") != std::string::npos);
  CHECK(s.message().find("110101") == std::string::npos);
}

TEST_CASE("JSON Lines: errors carry the line and the parser's code, never its message") {
  Recorder rec;
  JsonlReader j(&rec);
  Status s = j.Feed("{\"ID\": \"S1\"}\n{\"ID\": \"13812345678\", \"ID\": \"13812345678\"}\n");
  CHECK(s.message().find("line 2") != std::string::npos);
  CHECK(s.message().find("E1003") != std::string::npos);  // duplicate key
  CHECK(s.message().find("13812345678") == std::string::npos);
  Recorder rec2;
  JsonlReader k(&rec2);
  s = k.Feed("[\"110101195001010009\"]\n");
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("110101") == std::string::npos);
  Recorder rec3;
  JsonlReader l(&rec3);
  s = l.Feed("{\"ID\": \"110101195001010009");
  CHECK(s.ok());  // waits for the line's end
  s = l.Finish();
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("110101") == std::string::npos);
}

}  // namespace dxcheck
