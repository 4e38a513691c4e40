#include "checker/base/identifiers.h"

#include <cstring>

namespace dxcheck {
namespace {

// GB 32100-2015 Table 1: digits and 21 capitals (no I, O, Z, S, V), valued 0-30.
constexpr char kUsccChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int UsccValue(char c) {
  const char* p = std::strchr(kUsccChars, c);
  return (c != '\0' && p != nullptr) ? static_cast<int>(p - kUsccChars) : -1;
}

// Generated from /usr/share/iso-codes/json/iso_3166-1.json (iso-codes 4.15.0).
constexpr const char* kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW "
    ;

}  // namespace

std::string CheckUscc(const std::string& code) {
  if (code.size() != 18) {
    return "must be 18 characters, found " + std::to_string(code.size()) + " bytes";
  }
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    int v = UsccValue(code[i]);
    if (v < 0) {
      return "character " + std::to_string(i + 1) +
             " is not one of GB 32100's 0-9 and A-Y without I, O, S, V, Z";
    }
    if (i >= 2 && i < 8 && v > 9) {
      return "characters 3-8 (administrative division code) must be digits";
    }
    if (i < 17) sum += v * kUsccWeights[i];
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  if (kUsccChars[check] != code[17]) {
    return std::string("check character is '") + code[17] + "', GB 32100 gives '" +
           kUsccChars[check] + "'";
  }
  return "";
}

bool IsAssignedCountryCode(const std::string& code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
    return false;
  }
  for (const char* p = kCountryCodes; *p != '\0'; p += 3) {
    if (p[0] == code[0] && p[1] == code[1]) return true;
  }
  return false;
}

bool IsLowerSnake(const std::string& s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  bool after_underscore = false;
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '_') {
      if (after_underscore) return false;
      after_underscore = true;
    } else if (alnum) {
      after_underscore = false;
    } else {
      return false;
    }
  }
  return !after_underscore;
}

bool IsZoneCode(const std::string& s) {
  // CN-XX then one or more -[A-Z0-9]+ groups.
  if (s.size() < 7 || s.compare(0, 3, "CN-") != 0) return false;
  if (!(s[3] >= 'A' && s[3] <= 'Z') || !(s[4] >= 'A' && s[4] <= 'Z') || s[5] != '-') return false;
  bool group_empty = true;
  for (size_t i = 6; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-') {
      if (group_empty) return false;
      group_empty = true;
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      group_empty = false;
    } else {
      return false;
    }
  }
  return !group_empty;
}

bool IsSha256Hash(const std::string& s) {
  if (s.size() != 71 || s.compare(0, 7, "sha256:") != 0) return false;
  for (size_t i = 7; i < s.size(); ++i) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace dxcheck
