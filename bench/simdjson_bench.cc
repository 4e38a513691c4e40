// simdjson (Debian's libsimdjson-dev) on the bench manifests, next to
// BM_ParseDxcheck and BM_ParseFloor (floor/floor_bench.cc): would the manifest
// parse be faster on it? Two ways of using it:
//
// - BM_ParseSimdjsonDom: its DOM (a tape of the whole document), parser kept
//   across documents as a service would keep it, then a walk that reads every
//   key, string, number and bool, as a loader would (the DOM keeps numbers'
//   values, not their literals).
// - BM_ParseSimdjsonOnDemand: its On-Demand API, which parses while the
//   caller walks; the walk also takes each value's byte offset
//   (current_location), the one position dxcheck's diagnostics could not
//   do without (line and column follow from it, on the error path).
//
// Neither builds a tree that outlives the parser, decodes keys into owned
// strings or refuses duplicate keys, all of which dxcheck's JsonValue does
// (json_value.h); they show what the tokenizer costs, not a replacement.
//
//   build/release/dxcheck_bench --benchmark_filter='BM_Parse'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "bench/bench_inputs.h"
#include "simdjson.h"

namespace dxcheck {
namespace {

// What a walk read, kept so that nothing it reads is optimised away.
struct Tally {
  uint64_t bytes = 0, values = 0, offsets = 0;
};

void WalkDom(simdjson::dom::element e, Tally* t) {
  ++t->values;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) {
        t->bytes += kv.key.size();
        WalkDom(kv.value, t);
      }
      break;
    case simdjson::dom::element_type::ARRAY:
      for (simdjson::dom::element c : simdjson::dom::array(e)) WalkDom(c, t);
      break;
    case simdjson::dom::element_type::STRING:
      t->bytes += std::string_view(e).size();
      break;
    case simdjson::dom::element_type::BOOL:
      t->bytes += bool(e) ? 1 : 0;
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      break;
    default: {  // the three number types; the DOM keeps the value, not the literal
      double d = 0;
      if (!e.get_double().get(d)) t->bytes += d != 0 ? 1 : 0;
      break;
    }
  }
}

// false on an error (none is expected on the bench manifests).
bool WalkOnDemand(simdjson::ondemand::value v, const char* base, Tally* t) {
  ++t->values;
  const char* at = nullptr;
  if (v.current_location().get(at)) return false;
  t->offsets += static_cast<uint64_t>(at - base);
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return false;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object o;
      if (v.get_object().get(o)) return false;
      for (auto field : o) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        t->bytes += key.size();
        if (!WalkOnDemand(field.value(), base, t)) return false;
      }
      return true;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) return false;
      for (auto c : a) {
        simdjson::ondemand::value cv;
        if (c.get(cv) || !WalkOnDemand(cv, base, t)) return false;
      }
      return true;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return false;
      t->bytes += s.size();
      return true;
    }
    case simdjson::ondemand::json_type::number: {
      std::string_view literal = v.raw_json_token();  // dxcheck keeps the literal
      t->bytes += literal.size();
      double d;
      return !v.get_double().get(d);
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      if (v.get_bool().get(b)) return false;
      t->bytes += b ? 1 : 0;
      return true;
    }
    case simdjson::ondemand::json_type::null:
      return v.is_null();
  }
  return false;
}

void BM_ParseSimdjsonDom(benchmark::State& state) {
  std::string json = ManifestJson(static_cast<int>(state.range(0)));
  simdjson::dom::parser parser;
  Tally t;
  for (auto _ : state) {
    simdjson::padded_string padded(json);  // the copy BM_ParseFloor makes too
    simdjson::dom::element root;
    if (parser.parse(padded).get(root)) {
      state.SkipWithError("simdjson DOM parse failed");
      break;
    }
    WalkDom(root, &t);
  }
  benchmark::DoNotOptimize(t);
  // The kernel the library chose for this CPU at run time (icelake, haswell ...).
  state.SetLabel(simdjson::get_active_implementation()->name());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseSimdjsonDom)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

void BM_ParseSimdjsonOnDemand(benchmark::State& state) {
  std::string json = ManifestJson(static_cast<int>(state.range(0)));
  simdjson::ondemand::parser parser;
  Tally t;
  for (auto _ : state) {
    simdjson::padded_string padded(json);
    simdjson::ondemand::document doc;
    simdjson::ondemand::value root;
    if (parser.iterate(padded).get(doc) || doc.get_value().get(root) ||
        !WalkOnDemand(root, padded.data(), &t)) {
      state.SkipWithError("simdjson On-Demand walk failed");
      break;
    }
  }
  benchmark::DoNotOptimize(t);
  // On-Demand is compiled into the caller: its kernel is the one this
  // file's compiler flags allow ("fallback", scalar, without -mavx2 and the
  // like, which a binary for every x86-64 machine cannot assume).
  state.SetLabel(simdjson::builtin_implementation()->name());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseSimdjsonOnDemand)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck
