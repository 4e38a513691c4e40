#include "checker/eval/json_out.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

// JsonOut promises RapidJSON 1.1's bytes: these tests make the same calls on
// both and compare.
namespace dxcheck {
namespace {

// Every byte value, in a run of ASCII and non-ASCII text (and invalid UTF-8:
// the lone 0x80..0xFF bytes, which both copy as they are).
std::string EveryByte() {
  std::string s = "ascii é 中文 😀 ";
  for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
  return s + " end";
}

// The same sequence of calls on a RapidJSON writer and on a JsonOut.
template <typename W>
void Calls(W& w, const std::string& text) {
  w.StartObject();
  w.Key("text");
  w.String(text);
  w.Key("empty object");
  w.StartObject();
  w.EndObject();
  w.Key("empty array");
  w.StartArray();
  w.EndArray();
  w.Key("numbers");
  w.StartArray();
  w.Uint64(0);
  w.Uint64(std::numeric_limits<uint64_t>::max());
  w.Int(std::numeric_limits<int>::min());
  w.Int(-1);
  w.Int(42);
  w.EndArray();
  w.Key("nested");
  w.StartArray();
  w.StartObject();
  w.Key("a");
  w.Null();
  w.Key("b");
  w.StartArray();
  w.Bool(true);
  w.Bool(false);
  w.StartArray();
  w.EndArray();
  w.String("");
  w.EndArray();
  w.EndObject();
  w.StartObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

// The calls of Calls() onto a RapidJSON Writer or PrettyWriter (their calls
// are not virtual, so one adapter template serves both).
template <typename RapidWriter>
struct RapidJsonCalls {
  RapidWriter* w;
  void StartObject() { w->StartObject(); }
  void EndObject() { w->EndObject(); }
  void StartArray() { w->StartArray(); }
  void EndArray() { w->EndArray(); }
  void Key(const char* k) { w->Key(k); }
  void String(const std::string& s) { w->String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void Bool(bool b) { w->Bool(b); }
  void Null() { w->Null(); }
  void Uint64(uint64_t v) { w->Uint64(v); }
  void Int(int v) { w->Int(v); }
};

TEST_CASE("JsonOut writes RapidJSON's compact bytes, every byte value in a string included") {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> rw(buf);
  RapidJsonCalls<rapidjson::Writer<rapidjson::StringBuffer>> r{&rw};
  Calls(r, EveryByte());
  std::string storage;
  JsonOut<false> w(&storage);
  Calls(w, EveryByte());
  const std::string out(w.text());
  CHECK(out == std::string(buf.GetString(), buf.GetSize()));
  CHECK(out.find(R"(\u0000\u0001)") != std::string::npos);
  CHECK(out.find(R"(\b\t\n\u000B\f\r\u000E)") != std::string::npos);
  CHECK(out.find(R"(\u001F !\")") != std::string::npos);
}

TEST_CASE("JsonOut writes PrettyWriter's bytes with a 2-space indent") {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> rw(buf);
  rw.SetIndent(' ', 2);
  RapidJsonCalls<rapidjson::PrettyWriter<rapidjson::StringBuffer>> r{&rw};
  Calls(r, EveryByte());
  std::string storage;
  JsonOut<true> w(&storage);
  Calls(w, EveryByte());
  const std::string out(w.text());
  CHECK(out == std::string(buf.GetString(), buf.GetSize()));
  CHECK(out.find("\n  \"empty object\": {},\n  \"empty array\": [],\n") != std::string::npos);
}

// Whether JsonOut writes `s` as the bytes RapidJSON's Writer writes for it.
bool EscapedAsRapidJson(std::string_view s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> rw(buf);
  rw.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  std::string storage;
  JsonOut<false> w(&storage);
  w.String(s);
  return w.text() == std::string_view(buf.GetString(), buf.GetSize());
}

// Random strings of plain bytes, control characters, quotes, backslashes
// and bytes past 0x7F, of every length around the 16-byte blocks.
TEST_CASE("JsonOut escapes random strings as RapidJSON does") {
  uint64_t x = 88172645463325252u;  // xorshift64
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  int different = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (size_t n = next() % 70; n > 0; --n) {
      const uint64_t r = next();
      switch (r % 8) {
        case 0: s.push_back(static_cast<char>((r >> 8) % 32)); break;
        case 1: s.push_back('"'); break;
        case 2: s.push_back('\\'); break;
        case 3: s.push_back(static_cast<char>(r >> 8)); break;
        default: s.push_back(static_cast<char>('a' + (r >> 8) % 26)); break;
      }
    }
    if (!EscapedAsRapidJson(s)) ++different;
  }
  CHECK(different == 0);
}

// Every length around the 16-byte blocks, with one byte to escape at every
// position (or none), each string alone in a heap block of its exact size:
// WriteJsonString's loads of the last 1..15 bytes must read none past it
// (the fuzz preset's AddressSanitizer fails this test if they do).
TEST_CASE("JsonOut escapes at every position of short strings, reading nothing past them") {
  int different = 0;
  for (size_t n = 0; n <= 40; ++n) {
    for (size_t at = 0; at <= n; ++at) {  // at == n: nothing to escape
      for (char special : {'"', '\\', '\n', '\x01'}) {
        std::unique_ptr<char[]> block(new char[n == 0 ? 1 : n]);
        for (size_t i = 0; i < n; ++i) block[i] = static_cast<char>('a' + i % 26);
        if (at < n) block[at] = special;
        const std::string_view s(block.get(), n);
        if (!EscapedAsRapidJson(s)) ++different;
      }
    }
  }
  CHECK(different == 0);
}

}  // namespace
}  // namespace dxcheck
