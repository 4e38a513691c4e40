#include "checker/base/base64.h"

#include <cstdint>
#include <cstring>

namespace dxcheck {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The two characters of every 12-bit value, so three bytes take two lookups
// (an envelope's payload is ~8 kB: this halved Base64Append's time in
// BM_SignedDecisionJson, bench/README.md).
struct CharPairs {
  char at[4096][2];
};
constexpr CharPairs MakeCharPairs() {
  CharPairs p{};
  for (int i = 0; i < 4096; ++i) {
    p.at[i][0] = kStd[i >> 6];
    p.at[i][1] = kStd[i & 63];
  }
  return p;
}
constexpr CharPairs kPairs = MakeCharPairs();

// 0-63 for a character of either alphabet, 64 for '+'/'/' vs '-'/'_' bookkeeping.
int Value(char c, int* alphabet) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  int a = 0, v = -1;
  if (c == '+') a = 1, v = 62;
  if (c == '/') a = 1, v = 63;
  if (c == '-') a = 2, v = 62;
  if (c == '_') a = 2, v = 63;
  if (v < 0) return -1;
  if (*alphabet != 0 && *alphabet != a) return -2;  // mixed alphabets
  *alphabet = a;
  return v;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  Base64Append(bytes, &out);
  return out;
}

void Base64Append(std::string_view bytes, std::string* out) {
  size_t at = out->size();
  out->resize(at + (bytes.size() + 2) / 3 * 4);
  char* o = &(*out)[at];
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  // Six bytes at a time from one 8-byte load where eight remain (the last two
  // are read and not used): four pair lookups, one 8-byte store. Read
  // big-endian, in[i] is v's top byte.
  for (; i + 8 <= bytes.size(); i += 6) {
    uint64_t v;
    std::memcpy(&v, in + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    char quad[8];
    std::memcpy(quad, kPairs.at[(v >> 52) & 4095], 2);
    std::memcpy(quad + 2, kPairs.at[(v >> 40) & 4095], 2);
    std::memcpy(quad + 4, kPairs.at[(v >> 28) & 4095], 2);
    std::memcpy(quad + 6, kPairs.at[(v >> 16) & 4095], 2);
    std::memcpy(o, quad, 8);
    o += 8;
  }
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (unsigned{in[i]} << 16) | (unsigned{in[i + 1]} << 8) | in[i + 2];
    std::memcpy(o, kPairs.at[v >> 12], 2);
    std::memcpy(o + 2, kPairs.at[v & 4095], 2);
    o += 4;
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = unsigned{in[i]} << 16;
    if (rest == 2) v |= unsigned{in[i + 1]} << 8;
    *o++ = kStd[v >> 18];
    *o++ = kStd[(v >> 12) & 63];
    *o++ = rest == 2 ? kStd[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
}

std::optional<std::string> Base64Decode(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    if (error != nullptr) *error = why;
    return std::nullopt;
  };
  size_t len = text.size();
  size_t pad = 0;
  while (len > 0 && text[len - 1] == '=' && pad < 2) {
    --len;
    ++pad;
  }
  if (pad > 0 && text.size() % 4 != 0) return fail("padding on a length that is not a multiple of 4");
  std::string out;
  out.reserve(len / 4 * 3 + 2);
  int alphabet = 0;
  unsigned acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    int v = Value(text[i], &alphabet);
    if (v == -2) return fail("mixes the standard and URL-safe alphabets");
    if (v < 0) return fail("invalid character at position " + std::to_string(i));
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // One character left over carries fewer than 8 bits: not an encoding.
  if (len % 4 == 1) return fail("length " + std::to_string(text.size()) + " is not base64");
  return out;
}

}  // namespace dxcheck
