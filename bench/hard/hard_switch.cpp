// Hard-switch benchmark: the cost of one stackless.schedule() switch between
// two tasklets that are each blocked d native levels deep, for several d, and
// the size of the stack slice such a tasklet saves.
//
// Each tasklet recurses d times through sorted([d], key=lambda x: nest(d - 1))
// and then ping-pongs with the other by stackless.schedule(): at d = 0 the
// switch is soft (heap frames only), at d >= 1 it is hard (its used part of
// the shared stack is copied to the heap and the peer's copied back). The
// slice size comes from spindle::inspect(peer).stack_bytes, read by a host
// function the script calls while the peer is switched out.
//
// Time per switch = (t(N) - t(small)) / (2 (N - small)), t measured around
// spindle::run_tasklets() with std::chrono::steady_clock (--clock cpu: the
// process CPU time), best of --repeat for each N. N is calibrated per depth
// for about --target seconds of switching. A benchmark, not a test: it
// never judges the speed. It exits non-zero only if a run went wrong (the
// tasklets did not interleave or finish, or a depth did not nest as asked).
//
// usage: hard_bench [--depths 0,1,2,4] [--repeat 5] [--target 0.2]
//                   [--clock wall|cpu] [--via sorted|apply]
// Output: one line per depth,
//   row depth=D nesting=L slice=BYTES ns=NS n=N small=S clock=wall via=sorted
// (slice = 0 for a soft switch) and '#' comment lines.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "spindle/vm.hpp"

namespace {

constexpr const char* kScript = R"PY(
import stackless

order = []
peers = {}

def nest_sorted(d, body):
    # d native levels: sorted() calls the key, which recurses.
    if d == 0:
        return body()
    return sorted([d], key=lambda x: nest_sorted(d - 1, body))

def nest_apply(d, body):
    # d native levels through the thinnest native caller: a host function
    # that calls its argument (vm.call) and returns the result.
    if d == 0:
        return body()
    return host_apply(lambda: nest_apply(d - 1, body))

def pinger(name, n, probe):
    def loop():
        order.append(name + " start")
        for i in range(n):
            stackless.schedule()
        order.append(name + " end")

    def probing():
        order.append(name + " start")
        for i in range(n):
            stackless.schedule()
            if i == 0 and name == "a":
                # b has started, nested and switched out once.
                record(peers["b"], stackless.getcurrent().nesting_level)
        order.append(name + " end")

    return probing if probe else loop

def start(via, d, n, probe):
    nest = nest_apply if via == "apply" else nest_sorted
    order.clear()
    peers["a"] = stackless.tasklet(nest)(d, pinger("a", n, probe))
    peers["b"] = stackless.tasklet(nest)(d, pinger("b", n, probe))

def check(n):
    # Interleaved (b starts before a ends, unless n == 0), both finished.
    if n == 0:
        want = ["a start", "a end", "b start", "b end"]
    else:
        want = ["a start", "b start", "a end", "b end"]
    return order == want and not peers["a"].alive and not peers["b"].alive
)PY";

struct Options {
  std::vector<int> depths{0, 1, 2, 3, 4, 6, 8, 11, 16};
  int repeat = 5;
  double target = 0.2;  // seconds of switching per timed run
  bool cpu_clock = false;
  std::string via = "sorted";
};

// What record() saw: the suspended peer and the running tasklet.
struct Probe {
  int64_t peer_bytes = -1;
  int64_t peer_level = -1;
  int64_t self_level = -1;
};

double now(bool cpu) {
  if (cpu) {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

bool report(const char* what, const spindle::RunResult& r) {
  if (r.ok()) return true;
  std::fprintf(stderr, "hard_bench: %s failed:\n%s\n", what, r.traceback.c_str());
  return false;
}

class Bench {
 public:
  explicit Bench(const Options& o) : opt_(o) {
    spindle::def(vm_, "record", [this](spindle::Vm& vm, spindle::Args& a) -> spindle::Value {
      if (!spindle::check_args(vm, a, "record", 2, 2)) return {};
      spindle::TaskletInfo info = spindle::inspect(vm, a[0]);
      probe_.peer_bytes = static_cast<int64_t>(info.stack_bytes);
      probe_.peer_level = info.nesting_level;
      probe_.self_level = a[1].is_int() ? a[1].as_int() : -1;
      return spindle::Value::none();
    });
    spindle::def(vm_, "host_apply", [](spindle::Vm& vm, spindle::Args& a) -> spindle::Value {
      if (!spindle::check_args(vm, a, "host_apply", 1, 1)) return {};
      return vm.call(a[0], std::vector<spindle::Value>{});
    });
  }

  bool load() { return report("loading the script", spindle::run_string(vm_, kScript, "<hard_bench>")); }

  // One run with n schedules per tasklet: seconds spent in run_tasklets, or
  // a negative value if it went wrong.
  double run(int depth, int64_t n, bool probe) {
    spindle::Value start = spindle::global(vm_, "start");
    spindle::Value check = spindle::global(vm_, "check");
    if (!report("start()", spindle::call(vm_, start,
                                         {spindle::make_str(vm_, opt_.via), spindle::Value::integer(depth),
                                          spindle::Value::integer(n), spindle::Value::boolean(probe)})))
      return -1;
    double t0 = now(opt_.cpu_clock);
    spindle::RunResult r = spindle::run_tasklets(vm_);
    double t1 = now(opt_.cpu_clock);
    if (!report("run_tasklets()", r)) return -1;
    spindle::RunResult ok = spindle::call(vm_, check, {spindle::Value::integer(n)});
    if (!report("check()", ok)) return -1;
    if (!ok.value.is_bool() || !ok.value.as_bool()) {
      std::fprintf(stderr, "hard_bench: depth %d, n %lld: the tasklets did not interleave and finish\n", depth,
                   static_cast<long long>(n));
      return -1;
    }
    return t1 - t0;
  }

  double best(int depth, int64_t n) {
    double b = -1;
    for (int i = 0; i < opt_.repeat; ++i) {
      double t = run(depth, n, false);
      if (t < 0) return -1;
      if (b < 0 || t < b) b = t;
    }
    return b;
  }

  // Measures one depth and prints its row; false if something went wrong.
  bool measure(int depth) {
    probe_ = Probe{};
    if (run(depth, 2, true) < 0) return false;
    if (probe_.peer_level != depth || probe_.self_level != depth) {
      std::fprintf(stderr, "hard_bench: depth %d: nesting_level of the peer %lld, of the runner %lld\n", depth,
                   static_cast<long long>(probe_.peer_level), static_cast<long long>(probe_.self_level));
      return false;
    }
    if ((depth == 0) != (probe_.peer_bytes == 0)) {
      std::fprintf(stderr, "hard_bench: depth %d: the peer saved %lld stack bytes\n", depth,
                   static_cast<long long>(probe_.peer_bytes));
      return false;
    }
    // Calibrate: a rough per-switch cost from a short run, then N for
    // about `target` seconds.
    constexpr int64_t kSmall = 100;
    constexpr int64_t kCalibrate = 20000;
    double t_small = best(depth, kSmall), t_cal = run(depth, kCalibrate, false);
    if (t_small < 0 || t_cal < 0) return false;
    double rough = (t_cal - t_small) / (2.0 * (kCalibrate - kSmall));
    if (rough < 1e-9) rough = 1e-9;
    int64_t n = static_cast<int64_t>(opt_.target / (2.0 * rough));
    if (n < 10 * kSmall) n = 10 * kSmall;
    // Best of repeat for each N, interleaved so a slow phase of the
    // machine hits both.
    double big = -1, small = -1;
    for (int i = 0; i < opt_.repeat; ++i) {
      double tb = run(depth, n, false), ts = run(depth, kSmall, false);
      if (tb < 0 || ts < 0) return false;
      if (big < 0 || tb < big) big = tb;
      if (small < 0 || ts < small) small = ts;
    }
    double ns = (big - small) * 1e9 / (2.0 * static_cast<double>(n - kSmall));
    std::printf("row depth=%d nesting=%lld slice=%lld ns=%.2f n=%lld small=%lld clock=%s via=%s\n", depth,
                static_cast<long long>(probe_.peer_level), static_cast<long long>(probe_.peer_bytes), ns,
                static_cast<long long>(n), static_cast<long long>(kSmall), opt_.cpu_clock ? "cpu" : "wall",
                opt_.via.c_str());
    std::fflush(stdout);
    return true;
  }

 private:
  Options opt_;
  spindle::Vm vm_;
  Probe probe_;
};

bool parse_depths(const char* s, std::vector<int>* out) {
  out->clear();
  std::string text(s);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(pos, comma - pos);
    char* end = nullptr;
    long d = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || d < 0 || d > 10000) return false;
    out->push_back(static_cast<int>(d));
    pos = comma + 1;
  }
  return !out->empty();
}

int usage() {
  std::fprintf(stderr,
               "usage: hard_bench [--depths 0,1,2,4] [--repeat 5] [--target 0.2] [--clock wall|cpu]"
               " [--via sorted|apply]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    const char* v = argv[++i];
    if (a == "--depths") {
      if (!parse_depths(v, &opt.depths)) return usage();
    } else if (a == "--repeat") {
      opt.repeat = std::atoi(v);
      if (opt.repeat < 1) return usage();
    } else if (a == "--target") {
      opt.target = std::atof(v);
      if (!(opt.target > 0)) return usage();
    } else if (a == "--clock") {
      if (std::strcmp(v, "wall") != 0 && std::strcmp(v, "cpu") != 0) return usage();
      opt.cpu_clock = std::strcmp(v, "cpu") == 0;
    } else if (a == "--via") {
      if (std::strcmp(v, "sorted") != 0 && std::strcmp(v, "apply") != 0) return usage();
      opt.via = v;
    } else {
      return usage();
    }
  }
  std::printf("# Spindle: two tasklets ping-pong with stackless.schedule(), each nested d levels"
              " through %s; best of %d, (t(N) - t(small)) / switches, clock %s\n",
              opt.via == "apply" ? "host_apply(lambda: ...)" : "sorted([d], key=lambda x: ...)", opt.repeat,
              opt.cpu_clock ? "cpu (process)" : "wall (steady_clock)");
  Bench bench(opt);
  if (!bench.load()) return 1;
  for (int d : opt.depths)
    if (!bench.measure(d)) return 1;
  return 0;
}
