#include "checker/cli/serve_launcher.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "checker/cli/exit_status.h"

namespace dxcheck {

void RegisterServeEntry(CLI::App* app) { app->add_subcommand("serve", kServeDescription); }

int ExecServeIfAsked(int argc, char** argv) {
  bool serve = argc >= 2 && std::strcmp(argv[1], "serve") == 0;
  bool help = argc >= 3 && std::strcmp(argv[1], "help") == 0 && std::strcmp(argv[2], "serve") == 0;
  if (!serve && !help) return -1;
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path;
  if (n > 0) {
    path.assign(self, static_cast<size_t>(n));
    path = path.substr(0, path.rfind('/') + 1) + kServeExecutable;
  }
  if (!path.empty()) {
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    execv(path.c_str(), args.data());  // returns only on failure
  }
  std::cerr << "dxcheck: serve runs " << kServeExecutable << ", which should be next to dxcheck"
            << (path.empty() ? "" : " (" + path + ")") << ": " << std::strerror(errno) << "\n";
  return kExitSoftware;
}

}  // namespace dxcheck
