// libFuzzer target: arbitrary bytes as an audit bundle (tar or tar.gz) given
// to dxbundle's verification. Any input must end in named checks, never a
// crash; nothing the fuzzer writes can verify with a fresh key.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checker/bundle/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dxcheck::Key* key = new dxcheck::Key(dxcheck::Key::Generate(dxcheck::KeyAlgorithm::kEd25519).value());
  dxcheck::BundleVerifyOptions o;
  o.trusted = {key};
  dxcheck::VerifyReport r = dxcheck::VerifyBundle(std::string(reinterpret_cast<const char*>(data), size), o);
  if (r.checks.empty() || r.valid()) std::abort();
  return 0;
}
