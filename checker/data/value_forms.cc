#include "checker/data/value_forms.h"

#include <algorithm>
#include <cstdint>

namespace dxcheck {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The code point of the UTF-8 sequence at s[i] and its length, or 0 and 1
// for a byte that starts none (the value is tested as it is then).
uint32_t Decode(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (c < 0x80) return c;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  *len = n;
  return cp;
}

// Full-width forms, invisible characters and the Excel text marker.
// False when nothing changed.
bool Fold(std::string_view v, std::string* out) {
  bool ascii = true;
  for (char c : v) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii && (v.empty() || v[0] != '\'')) return false;  // the common case: nothing to fold
  bool changed = false;
  out->clear();
  size_t i = 0;
  if (!v.empty() && v[0] == '\'') {
    i = 1;
    changed = true;
  }
  while (i < v.size()) {
    size_t len;
    uint32_t cp = Decode(v, i, &len);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      *out += static_cast<char>(cp - 0xFF01 + 0x21);
      changed = true;
    } else if (cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
               cp == 0x205F) {
      *out += ' ';  // the Unicode spaces: no-break, thin, narrow, ideographic, ...
      changed = true;
    } else if (cp >= 0x2010 && cp <= 0x2015) {
      *out += '-';  // hyphens and dashes
      changed = true;
    } else if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0xAD) {
      changed = true;  // zero-width and direction marks
    } else {
      out->append(v.substr(i, len));
    }
    i += len;
  }
  return changed;
}

// A number whose value is an integer, in decimal ("13800138000.0") or
// exponent ("1.3800138e10") notation, as its digits. False otherwise.
bool IntegerDigits(std::string_view v, std::string* out) {
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
  if (v.empty() || !IsDigit(v[0]) || v.find_first_of(".eE") == std::string_view::npos) return false;
  size_t i = 0;
  std::string mantissa;
  size_t point = std::string_view::npos;  // digits before the point
  for (; i < v.size() && (IsDigit(v[i]) || (v[i] == '.' && point == std::string_view::npos)); ++i) {
    if (v[i] == '.') {
      point = mantissa.size();
    } else {
      mantissa += v[i];
    }
  }
  if (mantissa.empty() || mantissa.size() > 40) return false;
  long exponent = 0;
  bool has_exponent = i < v.size() && (v[i] == 'e' || v[i] == 'E');
  if (has_exponent) {
    ++i;
    if (i < v.size() && v[i] == '+') ++i;
    size_t start = i;
    for (; i < v.size() && IsDigit(v[i]) && i - start < 3; ++i) exponent = exponent * 10 + (v[i] - '0');
    if (i == start) return false;
  }
  if (i != v.size() || (point == std::string_view::npos && !has_exponent)) return false;
  long int_digits = static_cast<long>(point == std::string_view::npos ? mantissa.size() : point) + exponent;
  if (int_digits <= 0 || int_digits > 40) return false;
  for (size_t k = static_cast<size_t>(int_digits); k < mantissa.size(); ++k) {
    if (mantissa[k] != '0') return false;  // a fraction: not an integer
  }
  std::string digits = mantissa.substr(0, std::min(mantissa.size(), static_cast<size_t>(int_digits)));
  digits.append(static_cast<size_t>(int_digits) - digits.size(), '0');
  *out = digits;
  return true;
}

// Digits (a leading '+', a final X) among spaces, line breaks, tabs, '-',
// '.', '(' and ')', without those. False when `v` has any other character or fewer than 11
// digits, or nothing was taken out.
bool Compact(std::string_view v, std::string* out) {
  out->clear();
  // A plain decimal number (a sign, digits, one point) is a measurement,
  // not digits in groups: "1.3940549709" is no mobile number.
  {
    std::string_view d = v;
    if (!d.empty() && (d[0] == '-' || d[0] == '+')) d.remove_prefix(1);
    size_t point = d.find('.');
    if (point != std::string_view::npos && d.find('.', point + 1) == std::string_view::npos &&
        d.find_first_not_of("0123456789.") == std::string_view::npos) {
      return false;
    }
  }
  size_t digits = 0;
  bool dropped = false;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (IsDigit(c)) {
      *out += c;
      ++digits;
    } else if (c == '+' && out->empty()) {
      *out += c;
    } else if ((c == 'X' || c == 'x') && i + 1 == v.size() && digits == 17) {
      *out += 'X';
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\n' || c == '\r' ||
               c == '\t') {
      dropped = true;
    } else {
      return false;
    }
  }
  return dropped && digits >= 11;
}

}  // namespace

ValueForms::ValueForms(std::string_view value) {
  forms_[n_++] = value;
  std::string_view base = value;
  std::string folded;
  // Quotes around the whole value (a file whose dialect was declared with
  // another quote character keeps them in the value).
  std::string_view inner = value;
  // Excel's text formula ="..." (exports keep long digit strings so).
  if (inner.size() >= 3 && inner[0] == '=' && inner[1] == '"') inner.remove_prefix(1);
  if (inner.size() >= 2 && (inner.front() == '"' || inner.front() == '\'') &&
      inner.back() == inner.front()) {
    inner = inner.substr(1, inner.size() - 2);
  }
  bool changed = Fold(inner, &folded);
  if (!changed && inner.size() != value.size()) {
    folded.assign(inner);
    changed = true;
  }
  std::string number;
  if (IntegerDigits(changed ? std::string_view(folded) : value, &number)) {
    folded = number;
    changed = true;
  }
  if (changed && folded != value) {
    canonical_ = std::move(folded);
    forms_[n_++] = canonical_;
    base = canonical_;
  }
  if (Compact(base, &compact_) && compact_ != base) forms_[n_++] = compact_;
}

}  // namespace dxcheck
