// `dxcheck keygen --alg ed25519|p256|sm2 --out PREFIX`: a signing key pair as
// PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub (SubjectPublicKeyInfo PEM).
// Existing files are never overwritten.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "checker/attest/keys.h"
#include "checker/base/file_io.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"

namespace dxcheck {
namespace {

struct KeygenArgs {
  std::string alg = "ed25519";
  std::string out;
  PassphraseOptions passphrase;
};

int RunKeygen(const KeygenArgs& a) {
  std::optional<KeyAlgorithm> alg = ParseKeyAlgorithm(a.alg);
  Result<Key> key = Key::Generate(*alg);
  if (!key.ok()) {
    std::cerr << "dxcheck: " << key.status().message() << "\n";
    return kExitSoftware;
  }
  int code = 0;
  std::optional<std::string> pass = ReadPassphraseOrReport(a.passphrase, true, &code);
  if (!pass) return code;
  Result<std::string> priv = key->PrivatePem(*pass);
  Result<std::string> pub = key->PublicPem();
  if (!priv.ok() || !pub.ok()) {
    std::cerr << "dxcheck: cannot encode the key\n";
    return kExitSoftware;
  }
  const std::string key_path = a.out + ".key", pub_path = a.out + ".pub";
  // Missing key directories are created, each private to its owner (0700
  // from the start, not chmod'ed after: no moment where they are open).
  std::filesystem::path dir = std::filesystem::path(a.out).parent_path();
  std::error_code ec;
  std::filesystem::path made;
  for (const std::filesystem::path& part : dir) {
    made /= part;
    if (std::filesystem::exists(made, ec)) continue;
    if (mkdir(made.c_str(), 0700) != 0 && errno != EEXIST) {
      std::cerr << "dxcheck: cannot create " << made.string() << ": " << std::strerror(errno) << "\n";
      return kExitIoErr;
    }
    chmod(made.c_str(), 0700);  // exactly 0700, whatever the umask
  }
  // Check both before writing either, so a refusal leaves nothing half-made.
  for (const std::string& p : {key_path, pub_path}) {
    if (access(p.c_str(), F_OK) == 0) {
      std::cerr << "dxcheck: " << p << " exists; refusing to overwrite it\n";
      return kExitIoErr;
    }
  }
  Status s = WriteNewFile(key_path, *priv, 0600);
  if (s.ok()) s = WriteNewFile(pub_path, *pub, 0644);
  if (!s.ok()) {
    std::cerr << "dxcheck: " << s.message() << "\n";
    return kExitIoErr;
  }
  std::cout << "private key " << key_path << " (mode 0600" << (pass->empty() ? "" : ", encrypted")
            << ")\npublic key  " << pub_path << "\nalgorithm   " << a.alg << "\nkeyid       "
            << key->keyid() << "\n";
  return kExitOk;
}

}  // namespace

CommandRunner RegisterKeygen(CLI::App* app) {
  auto args = std::make_shared<KeygenArgs>();
  CLI::App* cmd = app->add_subcommand("keygen", "Create a signing key pair (PREFIX.key, PREFIX.pub)");
  cmd->add_option("--alg", args->alg, "ed25519 (default), p256 (ECDSA P-256/SHA-256) or sm2 "
                                      "(SM2/SM3, GB/T 32918)")
      ->check(OneOf({"ed25519", "p256", "sm2"}))
      ->type_name("ALG");
  cmd->add_option("--out", args->out, "file prefix: writes PREFIX.key (mode 0600) and PREFIX.pub")
      ->required()
      ->type_name("PREFIX");
  args->passphrase.AddTo(cmd);
  cmd->footer(
      "The key id printed is the hex SHA-256 of the public key's DER SubjectPublicKeyInfo.\n"
      "Example:\n"
      "  dxcheck keygen --alg ed25519 --out keys/signer\n"
      "  DXCHECK_KEY_PASS=... dxcheck keygen --alg sm2 --out keys/sm2 --passphrase-env DXCHECK_KEY_PASS\n\n"
      "Exit codes: 0 written; 64 usage; 74 a file exists or cannot be written.");
  return [args] { return RunKeygen(*args); };
}

}  // namespace dxcheck
