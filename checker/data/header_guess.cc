#include "checker/data/header_guess.h"

#include "checker/data/detectors.h"
#include "checker/data/value_forms.h"

namespace dxcheck {
namespace {

bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Outline's class of a byte: '9' digit, 'a' ASCII letter, 'H' non-ASCII, 0
// any other byte (kept as it is).
char OutlineClass(unsigned char c) {
  return IsAsciiDigit(c) ? '9' : IsAsciiLetter(c) ? 'a' : c >= 0x80 ? 'H' : 0;
}

}  // namespace

bool LooksPersonal(std::string_view v) {
  // In any spelling the detectors see (value_forms.h): a full-width ID
  // number in a header-less file's first row is a value too.
  ValueForms forms(v);
  for (size_t i = 0; i < forms.size(); ++i) {
    std::string_view f = forms[i];
    if (IsResidentIdNumber(f) || IsMainlandMobile(f) || IsEmailAddress(f) || IsBankCardNumber(f)) {
      return true;
    }
  }
  return false;
}

bool LooksLikeChineseName(std::string_view name) {
  // 2 to 4 characters of the CJK Unified Ideographs block (U+4E00..U+9FFF:
  // three bytes each, E4..E9 lead bytes), the shape of a person's name.
  if (name.size() < 6 || name.size() > 12 || name.size() % 3 != 0) return false;
  for (size_t i = 0; i < name.size(); i += 3) {
    unsigned char a = static_cast<unsigned char>(name[i]);
    unsigned char b = static_cast<unsigned char>(name[i + 1]);
    unsigned char c = static_cast<unsigned char>(name[i + 2]);
    if (a < 0xE4 || a > 0xE9 || (b & 0xC0) != 0x80 || (c & 0xC0) != 0x80) return false;
  }
  return true;
}

bool MatchProvesHeader(std::string_view field_name) {
  size_t chars = 0;  // UTF-8 characters: bytes that are not continuation bytes
  for (unsigned char c : field_name) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  return field_name.size() >= 3 && chars >= 2;
}

bool LooksNumberOrDate(std::string_view v) {
  bool digit = false;
  for (unsigned char c : v) {
    if (IsAsciiDigit(c)) {
      digit = true;
    } else if (c != '.' && c != '-' && c != '+' && c != '/' && c != ':' && c != ' ') {
      return false;
    }
  }
  return digit;
}

bool NameLooksLikeValue(std::string_view name) {
  if (name.size() > 128 || LooksPersonal(name) || LooksNumberOrDate(name)) return true;
  bool digit = false, separator = false;
  for (unsigned char c : name) {
    if (c >= 0x80) return false;  // not ASCII: judged by the row (FirstRowIsData) only
    digit = digit || IsAsciiDigit(c);
    separator = separator || (!IsAsciiDigit(c) && !IsAsciiLetter(c) && c != '_');
  }
  return digit && separator;
}

std::string Outline(std::string_view v) {
  std::string out;
  size_t i = 0;
  while (i < v.size()) {
    char k = OutlineClass(static_cast<unsigned char>(v[i]));
    if (k == 0) {
      out += v[i++];
      continue;
    }
    size_t j = i;
    while (j < v.size() && OutlineClass(static_cast<unsigned char>(v[j])) == k) ++j;
    out += k;
    out += std::to_string(j - i);
    i = j;
  }
  return out;
}

bool LooksLikePersonName(std::string_view v) {
  // The most common Chinese surnames (one ideograph each; 欧阳 and the other
  // double surnames begin with one of these or are rare). A column name of
  // 2-4 ideographs rarely begins with one ("姓名", "性别", "诊断", "年龄").
  static constexpr std::string_view kSurnames =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
      "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
      "郝龚邵万钱严覃武戴莫孔向汤欧";
  if (!LooksLikeChineseName(v)) return false;
  std::string_view first = v.substr(0, 3);
  for (size_t i = 0; i + 3 <= kSurnames.size(); i += 3) {
    if (kSurnames.substr(i, 3) == first) return true;
  }
  return false;
}

bool FirstRowIsData(const std::vector<std::string>& first, const std::vector<std::string>& second) {
  bool all_alike = !second.empty() && second.size() == first.size();
  for (size_t i = 0; i < first.size(); ++i) {
    const std::string& v = first[i];
    if (LooksPersonal(v) || LooksNumberOrDate(v)) return true;
    // A person's name over another's ("张伟" over "欧阳娜娜"), whatever
    // their lengths.
    if (i < second.size() && LooksLikePersonName(v) && LooksLikePersonName(second[i])) return true;
    bool alike = i < second.size() && !v.empty() && Outline(v) == Outline(second[i]);
    if (alike && v.find_first_of("0123456789") != std::string::npos) return true;
    all_alike = all_alike && alike;
  }
  return all_alike;
}

}  // namespace dxcheck
