// spindle FILE.py [args]: runs a script like `python3 FILE.py [args]`.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/compiler.hpp"
#include "core/disasm.hpp"
#include "spindle/vm.hpp"

namespace {

// spindle --dis FILE.py: compile only and list the bytecode.
int disassemble_file(const char* path) {
  std::FILE* fp = std::fopen(path, "rb");
  if (!fp) {
    std::fprintf(stderr, "spindle: can't open file '%s'\n", path);
    return 2;
  }
  std::string source;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, fp)) > 0) source.append(buf, n);
  std::fclose(fp);
  spindle::Vm vm;
  spindle::CompileResult r = spindle::compile_source(vm, source, path);
  if (r.error) {
    std::fprintf(stderr, "%s:%d:%d: %s: %s\n", path, r.error->line, r.error->col, r.error->type.c_str(),
                 r.error->message.c_str());
    return 1;
  }
  std::fputs(spindle::disassemble(*r.code).c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::fprintf(stderr, "usage: spindle FILE.py [args...]\n       spindle --dis FILE.py\n");
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--dis") == 0) {
    if (argc < 3) {
      std::fprintf(stderr, "usage: spindle --dis FILE.py\n");
      return 2;
    }
    return disassemble_file(argv[2]);
  }
  std::string path = argv[1];
  spindle::Vm vm;
  for (int i = 1; i < argc; ++i) vm.argv.push_back(argv[i]);  // sys.argv[0] as given
  // Like CPython 3.9+, the script's code, __file__ and sys.path[0] use its
  // absolute path, so tracebacks name the file unambiguously.
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  std::string script = ec ? path : absolute.lexically_normal().string();
  vm.path.push_back(std::filesystem::path(script).parent_path().string());

  if (std::FILE* probe = std::fopen(path.c_str(), "rb")) {
    std::fclose(probe);
  } else {
    std::fprintf(stderr, "spindle: can't open file '%s': [Errno 2] No such file or directory\n", path.c_str());
    return 2;
  }

  spindle::RunResult r = spindle::run_file(vm, script);
  std::fflush(stdout);
  if (r.ok()) return 0;
  if (r.error_type == "SystemExit" || r.exception->cls->is_subclass_of(vm.exc.SystemExit.get())) {
    const auto& args = r.exception->args->items;
    if (!args.empty() && !args[0].is_none() && !args[0].is_intlike()) {
      std::string msg = spindle::to_string(vm, args[0]);
      std::fprintf(stderr, "%s\n", msg.c_str());
    }
    return r.exit_code;
  }
  std::fputs(r.traceback.c_str(), stderr);
  return 1;
}
