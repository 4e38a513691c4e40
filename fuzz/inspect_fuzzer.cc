// libFuzzer target: arbitrary bytes as an audit bundle given to `dxbundle
// inspect`'s path (InspectBundle: tar / tar.gz reader, envelope parse,
// statement read), nothing verified. Any input must end in a summary or an
// error, never a crash; a summary's strings must quote as JSON, as
// `dxbundle inspect --format json` prints them.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <rapidjson/document.h>

#include "checker/base/json_value.h"
#include "checker/bundle/bundle.h"

namespace {

// JsonQuote(s) must read back as one JSON string (the bytes are not
// re-validated as UTF-8: the bundle's own strings pass through).
void MustQuote(const std::string& s) {
  std::string quoted = dxcheck::JsonQuote(s);
  rapidjson::Document d;
  d.Parse(quoted.c_str(), quoted.size());
  if (d.HasParseError() || !d.IsString()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string archive(reinterpret_cast<const char*>(data), size);
  dxcheck::Result<dxcheck::BundleSummary> s = dxcheck::InspectBundle(archive);
  if (!s.ok()) {
    if (s.status().message().empty()) std::abort();  // a refusal must say why
    return 0;
  }
  for (const std::string* f : {&s->root, &s->transfer_id, &s->exporter, &s->verdict, &s->evaluated_at, &s->keyid}) {
    MustQuote(*f);
  }
  for (const auto& [id, done] : s->obligations) MustQuote(id);
  for (const auto& [list, sha] : s->lists) MustQuote(list), MustQuote(sha);
  for (const auto& [path, bytes] : s->files) MustQuote(path);
  return 0;
}
