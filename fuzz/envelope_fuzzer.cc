// libFuzzer target: arbitrary bytes as a DSSE envelope given to verification
// (parse, base64, signature with a fixed trusted key, statement). Any input
// must end in a report whose checks say what failed, never a crash; and
// nothing but the key's own signature may pass.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checker/attest/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dxcheck::Key* key = new dxcheck::Key(dxcheck::Key::Generate(dxcheck::KeyAlgorithm::kEd25519).value());
  dxcheck::VerifyOptions o;
  o.trusted = {key};
  dxcheck::VerifyReport r =
      dxcheck::VerifyEnvelope(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json", o);
  if (r.checks.empty()) std::abort();
  if (r.valid()) std::abort();  // a fresh random key signed nothing the fuzzer can know
  return 0;
}
