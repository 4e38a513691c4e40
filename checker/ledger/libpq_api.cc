#include "checker/ledger/libpq_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace dxcheck {
namespace {

// The soname Debian's libpq5 installs (and libpq-dev's libpq.so points at).
constexpr const char kLibPqSoname[] = "libpq.so.5";

struct Loaded {
  LibPq api{};
  std::string error;  // empty when api is complete
};

template <typename Fn>
bool Bind(void* handle, const char* name, Fn* fn, std::string* error) {
  *fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (*fn == nullptr && error->empty()) {
    const char* why = dlerror();
    *error = std::string(kLibPqSoname) + " has no " + name + (why ? std::string(": ") + why : "");
  }
  return *fn != nullptr;
}

Loaded Load() {
  Loaded l;
  // RTLD_LOCAL: libpq's symbols (and its dependencies') stay out of the
  // global scope; RTLD_NOW: a missing symbol fails here, not mid-query.
  void* h = dlopen(kLibPqSoname, RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    l.error = std::string("cannot load ") + kLibPqSoname + " (Debian package libpq5)" +
              (why ? std::string(": ") + why : "");
    return l;
  }
  std::string* e = &l.error;
  LibPq& a = l.api;
  Bind(h, "PQconnectdb", &a.connectdb, e);
  Bind(h, "PQsetNoticeProcessor", &a.set_notice_processor, e);
  Bind(h, "PQstatus", &a.status, e);
  Bind(h, "PQerrorMessage", &a.error_message, e);
  Bind(h, "PQfinish", &a.finish, e);
  Bind(h, "PQpass", &a.pass, e);
  Bind(h, "PQexec", &a.exec, e);
  Bind(h, "PQexecParams", &a.exec_params, e);
  Bind(h, "PQresultStatus", &a.result_status, e);
  Bind(h, "PQresultErrorMessage", &a.result_error_message, e);
  Bind(h, "PQresultErrorField", &a.result_error_field, e);
  Bind(h, "PQclear", &a.clear, e);
  Bind(h, "PQntuples", &a.ntuples, e);
  Bind(h, "PQnfields", &a.nfields, e);
  Bind(h, "PQgetvalue", &a.getvalue, e);
  Bind(h, "PQgetlength", &a.getlength, e);
  // The handle is never closed: libpq stays loaded for the process (its
  // connections may outlive any one store).
  return l;
}

}  // namespace

Result<const LibPq*> LoadLibPq() {
  static std::once_flag once;
  static Loaded* loaded = nullptr;
  std::call_once(once, [] { loaded = new Loaded(Load()); });
  if (!loaded->error.empty()) return Status::IoError(loaded->error);
  return &loaded->api;
}

}  // namespace dxcheck
