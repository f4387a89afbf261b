// A host that runs untrusted script jobs fairly, with the watchdog.
//
// Each job is a tasklet. spindle::run_tasklets(vm, kBudget) runs them until a
// job has executed kBudget VM instructions without switching; that job is
// interrupted and handed back to the host (paused, out of the run queue).
// Putting it back with spindle::insert() appends it to the end of the queue,
// so the jobs take turns: round robin, even though none of them ever calls
// stackless.schedule(). The host also enforces a quota: a job that is still
// running after kMaxSlices slices is killed, so an infinite loop in a script
// costs a bounded amount of time and cannot starve the others.
//
// usage: roundrobin_example jobs.py
// The program checks its own results and exits non-zero on a mismatch.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "spindle/vm.hpp"

namespace {

// Instructions a job may run before the host takes the CPU back. Small enough
// that the example shows many turns; a real host would pick it from a time
// target (e.g. a frame budget in a game).
constexpr int64_t kBudget = 2000;
// Slices a job may use. The well-behaved jobs below need far fewer.
constexpr int kMaxSlices = 20;

struct Job {
  Job(const char* name, const char* function, int64_t arg) : name(name), function(function), arg(arg) {}
  const char* name;
  const char* function;  // a function of jobs.py: function(name, arg)
  int64_t arg;
  spindle::Value tasklet;
  int64_t id = 0;  // tasklet id, to recognise the job run_tasklets() returns
  int slices = 0;  // times the watchdog interrupted it
  bool killed = false;
  std::string error;  // the exception that ended it, if any
};

// What the scripts hand to the host through the natives it registers.
struct Reports {
  std::map<std::string, int64_t> results;
  std::vector<std::string> released;
};

// The same computations in C++, to check the scripts' answers.
int64_t expected_checksum(int64_t n) {
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) total = (total * 31 + i) % 1000003;
  return total;
}

void register_host_api(spindle::Vm& vm, Reports& reports) {
  // report(name, value): a job's result.
  spindle::def(vm, "report", [&reports](spindle::Vm& vm, spindle::Args& a) -> spindle::Value {
    if (!spindle::check_args(vm, a, "report", 2, 2)) return {};
    if (!a[1].is_int()) return vm.raise(vm.exc.TypeError.get(), "report() expects an int value");
    reports.results[spindle::to_string(vm, a[0])] = a[1].as_int();
    return spindle::Value::none();
  });
  // released(name): a job's cleanup code ran (its finally block).
  spindle::def(vm, "released", [&reports](spindle::Vm& vm, spindle::Args& a) -> spindle::Value {
    if (!spindle::check_args(vm, a, "released", 1, 1)) return {};
    reports.released.push_back(spindle::to_string(vm, a[0]));
    return spindle::Value::none();
  });
}

bool expect(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "MISMATCH: %s\n", what);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: roundrobin_example jobs.py\n");
    return 2;
  }
  spindle::Vm vm;
  Reports reports;
  register_host_api(vm, reports);
  spindle::RunResult loaded = spindle::run_file(vm, argv[1]);
  if (!loaded.ok()) {
    std::fputs(loaded.traceback.c_str(), stderr);
    return 1;
  }

  std::vector<Job> jobs = {
      {"checksum", "checksum", 30000},
      {"words", "word_stats", 600},
      {"runaway", "runaway", 7},
      {"average", "average", 5},
  };
  for (Job& job : jobs) {
    // spawn() only queues the tasklet; nothing of the job runs yet.
    spindle::RunResult s = spindle::spawn(vm, spindle::global(vm, job.function),
                                          {spindle::make_str(vm, job.name), spindle::Value::integer(job.arg)});
    if (!s.ok()) {
      std::fputs(s.traceback.c_str(), stderr);
      return 1;
    }
    job.tasklet = s.value;
    job.id = spindle::inspect(vm, s.value).id;
  }
  auto job_of = [&jobs](int64_t id) -> Job* {
    for (Job& job : jobs)
      if (job.id == id) return &job;
    return nullptr;
  };

  bool ok = true;
  std::string turns;  // one letter per interrupted slice, in order
  for (;;) {
    spindle::RunResult r = spindle::run_tasklets(vm, kBudget);
    if (!r.ok()) {
      // An exception escaped a job and ended its tasklet. That is the job's
      // failure, not the host's: record it and keep scheduling the others
      // (the next run_tasklets() continues with the tasklets still queued).
      for (Job& job : jobs)
        if (job.error.empty() && !job.killed && !reports.results.count(job.name) &&
            !spindle::inspect(vm, job.tasklet).alive)
          job.error = r.error_type + ": " + r.error_message;
      std::printf("job failed: %s: %s\n", r.error_type.c_str(), r.error_message.c_str());
      continue;
    }
    if (r.value.is_none()) break;  // every job finished (or was killed)

    Job* job = job_of(spindle::inspect(vm, r.value).id);
    if (!job) {
      std::fprintf(stderr, "run_tasklets() returned a tasklet the host did not spawn\n");
      return 1;
    }
    ++job->slices;
    turns += job->name[0];

    // Fairness: the queue is round robin, so a job never gets a second slice
    // while another live job is still waiting for its turn.
    for (const Job& other : jobs)
      if (&other != job && spindle::inspect(vm, other.tasklet).alive)
        ok &= expect(job->slices - other.slices <= 1, "a job got two turns while another waited");

    if (job->slices >= kMaxSlices) {
      // Over quota: kill it where it stands. kill() raises TaskletExit at the
      // interrupted instruction, so the script's finally blocks run now.
      std::printf("killing %s after %d slices, stopped in %s\n", job->name, job->slices,
                  spindle::inspect(vm, r.value).where.c_str());
      spindle::RunResult k = spindle::kill(vm, r.value);
      ok &= expect(k.ok(), "kill() failed");
      job->killed = true;
      continue;
    }
    // Back to the end of the run queue: it resumes after the others' turns.
    spindle::RunResult in = spindle::insert(vm, r.value);
    ok &= expect(in.ok(), "insert() failed");
  }

  std::printf("turns: %s\n", turns.c_str());
  std::printf("%-9s %7s  %s\n", "job", "slices", "outcome");
  int total = 0;
  for (const Job& job : jobs) {
    std::string outcome;
    if (job.killed)
      outcome = "killed";
    else if (!job.error.empty())
      outcome = "failed (" + job.error + ")";
    else if (reports.results.count(job.name))
      outcome = "result " + std::to_string(reports.results.at(job.name));
    else
      outcome = "no result";
    std::printf("%-9s %7d  %s\n", job.name, job.slices, outcome.c_str());
    total += job.slices;
  }
  std::printf("total slices: %d (budget %lld instructions each)\n", total, static_cast<long long>(kBudget));

  // The well-behaved jobs finished with the right answers, despite sharing
  // the VM with a job that never ends.
  const Job& checksum = jobs[0];
  const Job& words = jobs[1];
  const Job& runaway = jobs[2];
  const Job& average = jobs[3];
  ok &= expect(reports.results.count("checksum") && reports.results["checksum"] == expected_checksum(checksum.arg),
               "checksum result");
  ok &= expect(reports.results.count("words") && reports.results["words"] == 2 * words.arg, "words result");
  // They were long enough to be interrupted, i.e. the watchdog did the sharing.
  ok &= expect(checksum.slices >= 2 && words.slices >= 2, "long jobs were time-sliced");
  ok &= expect(checksum.slices < kMaxSlices && words.slices < kMaxSlices, "long jobs stayed within quota");
  // The runaway used exactly its quota, then its finally block ran.
  ok &= expect(runaway.killed && runaway.slices == kMaxSlices, "runaway killed at its quota");
  ok &= expect(reports.released == std::vector<std::string>{"runaway"}, "runaway's finally ran once");
  // The failing job was reported, not fatal.
  ok &= expect(average.error == "ZeroDivisionError: integer division or modulo by zero", "average failed cleanly");
  ok &= expect(!reports.results.count("average"), "average reported nothing");
  // Every slice is accounted for and no tasklet is left behind.
  ok &= expect(total == static_cast<int>(turns.size()), "slice totals");
  for (const Job& job : jobs) ok &= expect(!spindle::inspect(vm, job.tasklet).alive, "every job ended");
  ok &= expect(spindle::runcount(vm) == 1, "only the host (main) is left in the run queue");

  std::printf("%s\n", ok ? "roundrobin example OK" : "roundrobin example FAILED");
  return ok ? 0 : 1;
}
