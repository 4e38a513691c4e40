#include "checker/serve/request_options.h"

#include <strings.h>

#include "checker/base/printable.h"

namespace dxcheck {
namespace {

struct OptionName {
  const char* query;
  const char* header;
};

constexpr OptionName kAt{"at", "Dxcheck-At"};
constexpr OptionName kNoClearance{"noClearance", "Dxcheck-No-Clearance"};
constexpr OptionName kStrict{"strict", "Dxcheck-Strict"};
constexpr OptionName kRecord{"record", "Dxcheck-Record"};
constexpr OptionName kAll[] = {kAt, kNoClearance, kStrict, kRecord};

// The value an option has in the request: from the query, the header, or
// both when they agree. nullopt when absent.
Result<std::optional<std::string>> Lookup(const OptionName& name, const HttpFields& query,
                                          const HttpFields& headers) {
  std::optional<std::string> q, h;
  for (const auto& [k, v] : query) {
    if (k != name.query) continue;
    if (q) return Status::InvalidInput(std::string("query parameter \"") + name.query +
                                       "\" is given more than once");
    q = v;
  }
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.header) != 0) continue;
    if (h) return Status::InvalidInput(std::string("header ") + name.header +
                                       " is given more than once");
    h = v;
  }
  if (q && h && *q != *h) {
    return Status::InvalidInput(std::string("query parameter \"") + name.query + "\" and header " +
                                name.header + " disagree");
  }
  return q ? q : h;
}

Result<bool> ParseBool(const OptionName& name, const std::optional<std::string>& v) {
  if (!v) return false;
  // A bare "?strict" reads as a flag given on the command line.
  if (v->empty() || *v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return Status::InvalidInput(std::string(name.query) + " must be true or false, not \"" +
                              Printable(*v) + "\"");
}

}  // namespace

Result<CheckRequestOptions> ParseCheckRequestOptions(const HttpFields& query,
                                                     const HttpFields& headers) {
  for (const auto& [k, v] : query) {
    bool known = false;
    for (const OptionName& n : kAll) known = known || k == n.query;
    if (!known) {
      return Status::InvalidInput("unknown query parameter \"" + Printable(k) +
                                  "\" (the options are at, noClearance, strict, record)");
    }
  }
  CheckRequestOptions out;
  Result<std::optional<std::string>> at = Lookup(kAt, query, headers);
  if (!at.ok()) return at.status();
  if (*at) {
    std::optional<Date> d = Date::Parse(**at);
    if (!d) {
      return Status::InvalidInput("at \"" + Printable(**at) +
                                  "\" is not a date: expected YYYY-MM-DD, e.g. at=2026-12-01");
    }
    out.at = d;
  }
  struct Flag {
    const OptionName& name;
    bool* target;
  };
  for (Flag f : {Flag{kNoClearance, &out.no_clearance}, Flag{kStrict, &out.strict},
                 Flag{kRecord, &out.record}}) {
    Result<std::optional<std::string>> v = Lookup(f.name, query, headers);
    if (!v.ok()) return v.status();
    Result<bool> b = ParseBool(f.name, *v);
    if (!b.ok()) return b.status();
    *f.target = *b;
  }
  return out;
}

}  // namespace dxcheck
