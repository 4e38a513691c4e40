#include "checker/data/detectors.h"

namespace dxcheck {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

// Copies the digits of `v` into `out` (at most `cap`), allowing single spaces
// or hyphens between them. False on any other character or too many digits.
bool Digits(std::string_view v, char* out, size_t cap, size_t* n) {
  *n = 0;
  bool prev_sep = true;  // no leading separator
  for (char c : v) {
    if (IsDigit(c)) {
      if (*n == cap) return false;
      out[(*n)++] = c;
      prev_sep = false;
    } else if ((c == ' ' || c == '-') && !prev_sep) {
      prev_sep = true;
    } else {
      return false;
    }
  }
  return !prev_sep || *n == 0;
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

int Num(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

bool IsResidentIdNumber(std::string_view v) {
  v = Trim(v);
  if (v.size() != 18 || v[0] == '0') return false;
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(v[i])) return false;
  }
  if (!ValidDate(Num(v.substr(6, 4)), Num(v.substr(10, 2)), Num(v.substr(12, 2)))) return false;
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (v[i] - '0') * kWeights[i];
  char expected = "10X98765432"[sum % 11];
  char got = v[17] == 'x' ? 'X' : v[17];
  return got == expected;
}

bool IsMainlandMobile(std::string_view v) {
  v = Trim(v);
  if (v.size() < 11 || v.size() > 20) return false;
  if (v[0] == '+') v.remove_prefix(1);
  char d[16];
  size_t n = 0;
  if (!Digits(v, d, sizeof d, &n)) return false;
  std::string_view s(d, n);
  if (n == 15 && s.substr(0, 4) == "0086") s.remove_prefix(4);
  if (n == 13 && s.substr(0, 2) == "86") s.remove_prefix(2);
  return s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9';
}

bool IsEmailAddress(std::string_view v) {
  v = Trim(v);
  if (v.size() < 6 || v.size() > 254) return false;
  size_t at = v.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || v.find('@', at + 1) != v.npos) {
    return false;
  }
  for (size_t i = 0; i < at; ++i) {
    char c = v[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) ||
              std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  std::string_view domain = v.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot < 3) return false;
  char prev = '.';
  for (char c : domain) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c);
    if (!(alnum || c == '-' || c == '.') || (c == '.' && (prev == '.' || prev == '-'))) return false;
    prev = c;
  }
  return prev != '-';
}

bool IsBankCardNumber(std::string_view v) {
  v = Trim(v);
  if (v.size() < 13 || v.size() > 23) return false;
  char d[19];
  size_t n = 0;
  if (!Digits(v, d, sizeof d, &n) || n < 13) return false;
  int sum = 0;
  for (size_t i = 0; i < n; ++i) {
    int x = d[n - 1 - i] - '0';
    if (i % 2 == 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
    sum += x;
  }
  return sum % 10 == 0 && d[0] != '0';
}

bool IsMissingValueMarker(std::string_view v) {
  // The longest marker is 7 bytes ("unknown", "missing"): most values are
  // longer and leave at the first comparison.
  if (v.empty() || v.size() > 7) return false;
  char lower[7];
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view l(lower, v.size());
  static constexpr std::string_view kMarkers[] = {
      "n/a", "na", "#n/a", "nan", "null", "none", "unknown", "missing", "-", "--", ".", "?",
      "\xE2\x80\x94",                  // — (em dash)
      "\xE2\x80\x94\xE2\x80\x94",      // ——
      "\xE6\x97\xA0",                  // 无
      "\xE6\x9C\xAA\xE7\x9F\xA5",      // 未知
      "\xE7\xBC\xBA\xE5\xA4\xB1",      // 缺失
      "\xE4\xB8\x8D\xE8\xAF\xA6",      // 不详
  };
  for (std::string_view m : kMarkers) {
    if (l == m) return true;
  }
  return false;
}

ValueTest DetectorTest(const std::string& detector) {
  if (detector == "cn_resident_id") return IsResidentIdNumber;
  if (detector == "cn_mobile") return IsMainlandMobile;
  if (detector == "email") return IsEmailAddress;
  if (detector == "bank_card") return IsBankCardNumber;
  return nullptr;
}

}  // namespace dxcheck
