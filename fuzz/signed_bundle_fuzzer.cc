// libFuzzer target: audit bundles that get past the signature. The harness is
// the signer: it turns the input, an "unsealed bag", into a sealed bundle with
// a fuzz-only key made at start-up, and gives that to VerifyBundle with the key
// trusted. Mutations of the manifest, the lists and the signed statement thus
// reach what runs only after the signature verified (statement, subjects,
// lists by sha256, re-evaluation, bundled key), not just the bag checks.
//
// Input format (fuzz/make_corpus.py writes it from packed bundles): files, each
// introduced by a line "=== <path>" (relative to the bag root) and ending at
// the "\n" before the next "=== " line or at the end of input.
//   data/statement.json  the in-toto statement; every "@sha256:<path>@" in it
//                        becomes the hex SHA-256 of that file, then it is
//                        signed (Ed25519) into data/decision.dsse.json.
//   bagit.txt, bag-info.txt (with "@oxum@" for the Payload-Oxum),
//   manifest-sha256.txt, tagmanifest-sha256.txt, data/keys/signer.pub
//                        written by the harness unless the input has them.
// Any input must end in named checks, never a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checker/attest/dsse.h"
#include "checker/attest/keys.h"
#include "checker/attest/signature.h"
#include "checker/base/digest.h"
#include "checker/bundle/bundle.h"
#include "checker/bundle/tar_archive.h"

namespace {

constexpr char kRoot[] = "dxbundle-fuzz/";

const dxcheck::Key& FuzzKey() {
  static const dxcheck::Key* key = new dxcheck::Key(dxcheck::Key::Generate(dxcheck::KeyAlgorithm::kEd25519).value());
  return *key;
}

// path -> contents, from the "=== <path>" sections of the input.
dxcheck::FileMap Split(const std::string& in) {
  dxcheck::FileMap files;
  size_t at = in.rfind("=== ", 0) == 0 ? 0 : in.find("\n=== ");
  if (at != 0 && at != std::string::npos) ++at;
  while (at != std::string::npos) {
    size_t eol = in.find('\n', at);
    std::string path = in.substr(at + 4, eol == std::string::npos ? std::string::npos : eol - at - 4);
    if (eol == std::string::npos) {
      files.emplace(path, "");
      break;
    }
    size_t next = in.find("\n=== ", eol);
    size_t end = next == std::string::npos ? in.size() : next;
    // A content of one line ends right at the next header: eol == next.
    files.emplace(path, next == eol ? std::string() : in.substr(eol + 1, end - eol - 1));
    at = next == std::string::npos ? next : next + 1;
  }
  return files;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

// "<sha256>  <path>" lines for the files `payload` selects, as BagIt wants them.
std::string Checksums(const dxcheck::FileMap& bag, bool payload) {
  std::string out;
  for (const auto& [path, data] : bag) {
    bool is_payload = path.rfind("data/", 0) == 0;
    if (payload != is_payload || path == "tagmanifest-sha256.txt") continue;
    out += dxcheck::Sha256Hex(data) + "  " + path + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dxcheck::FileMap bag = Split(std::string(reinterpret_cast<const char*>(data), size));
  auto statement = bag.find("data/statement.json");
  if (statement == bag.end()) return 0;
  std::string payload = statement->second;
  bag.erase(statement);
  if (!bag.count("data/keys/signer.pub")) bag["data/keys/signer.pub"] = FuzzKey().PublicPem().value();
  for (const auto& [path, contents] : bag) ReplaceAll(&payload, "@sha256:" + path + "@", dxcheck::Sha256Hex(contents));

  dxcheck::DsseEnvelope env;
  env.payload_type = dxcheck::kInTotoPayloadType;
  env.payload = payload;
  env.signatures.push_back(
      {FuzzKey().keyid(), dxcheck::SignMessage(FuzzKey(), dxcheck::Pae(env.payload_type, payload)).value()});
  bag["data/decision.dsse.json"] = dxcheck::SerializeEnvelope(env);

  size_t bytes = 0, count = 0;
  for (const auto& [path, contents] : bag) {
    if (path.rfind("data/", 0) == 0) bytes += contents.size(), ++count;
  }
  if (!bag.count("bagit.txt")) bag["bagit.txt"] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  if (!bag.count("bag-info.txt")) bag["bag-info.txt"] = "Source-Organization: fuzz\nPayload-Oxum: @oxum@\n";
  ReplaceAll(&bag["bag-info.txt"], "@oxum@", std::to_string(bytes) + "." + std::to_string(count));
  if (!bag.count("manifest-sha256.txt")) bag["manifest-sha256.txt"] = Checksums(bag, true);
  if (!bag.count("tagmanifest-sha256.txt")) bag["tagmanifest-sha256.txt"] = Checksums(bag, false);

  dxcheck::FileMap rooted;
  for (auto& [path, contents] : bag) rooted[kRoot + path] = std::move(contents);
  dxcheck::Result<std::string> archive = dxcheck::WriteTar(rooted, /*gzip=*/false);
  if (!archive.ok()) return 0;  // a path libarchive will not write (too long, ...)
  dxcheck::BundleVerifyOptions o;
  o.trusted = {&FuzzKey()};
  dxcheck::VerifyReport r = dxcheck::VerifyBundle(*archive, o);
  if (r.checks.empty()) std::abort();
  // DXCHECK_FUZZ_VERBOSE=1 with one input: the checks it reached (a seed should verify).
  if (std::getenv("DXCHECK_FUZZ_VERBOSE") != nullptr) std::fputs(dxcheck::VerifyReportToText(r).c_str(), stderr);
  return 0;
}
