// Runs a Spindle script like the `spindle` command, with one extra builtin
// for benchmarks: bench_clock() -> float seconds (process CPU time with
// --clock cpu, the default; std::chrono::steady_clock with --clock wall).
// Spindle has no time module; bench/pickle/run.py times pickle.dumps,
// pickle.loads and resuming inside the VM with it.
//
// usage: pickle_bench [--clock cpu|wall] SCRIPT.py [args...]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>

#include "spindle/vm.hpp"

namespace {

bool g_cpu = true;

double now() {
  if (g_cpu) {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  if (i + 1 < argc && std::strcmp(argv[i], "--clock") == 0) {
    g_cpu = std::strcmp(argv[i + 1], "wall") != 0;
    i += 2;
  }
  if (i >= argc) {
    std::fprintf(stderr, "usage: pickle_bench [--clock cpu|wall] SCRIPT.py [args...]\n");
    return 2;
  }
  std::string script = std::filesystem::absolute(argv[i]).lexically_normal().string();
  spindle::Vm vm;
  for (int k = i; k < argc; ++k) vm.argv.push_back(argv[k]);
  vm.path.push_back(std::filesystem::path(script).parent_path().string());
  spindle::def(vm, "bench_clock", [](spindle::Vm& vm, spindle::Args& a) -> spindle::Value {
    if (!spindle::check_args(vm, a, "bench_clock", 0, 0)) return {};
    return spindle::Value::number(now());
  });
  spindle::RunResult r = spindle::run_file(vm, script);
  std::fflush(stdout);
  if (r.ok()) return 0;
  std::fputs(r.traceback.c_str(), stderr);
  return r.error_type == "SystemExit" ? r.exit_code : 1;
}
