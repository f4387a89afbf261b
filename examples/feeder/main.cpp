// A simulation host that feeds a script through channels.
//
// The host simulates a greenhouse: each tick it reads a (noisy) temperature
// sensor, pushes the reading into the script's `readings` channel, lets the
// script run, and polls the `commands` channel for a new heater setting,
// which it applies to the physics. The control policy lives entirely in
// thermostat.py, in an ordinary `for reading in readings:` loop.
//
// Feeding uses both host-side ways to send:
//  - spindle::try_send() is the cheap path: it hands the value to a tasklet
//    that is already blocked in receive() and runs nothing. It refuses (and
//    changes nothing) when no tasklet is waiting.
//  - spindle::send() is the fallback: it blocks the host (the main tasklet)
//    and runs the script until a tasklet receives the value.
// Nobody is waiting on the first tick (the tasklet has not started yet) and
// on every tick after the host collected a command: try_receive() only makes
// the sending tasklet runnable, it does not run it back to its receive().
//
// usage: feeder_example thermostat.py
// The program re-runs the closed loop with a C++ copy of the policy and
// exits non-zero if the script's decisions or the delivery paths differ.
#include <cstdio>
#include <vector>

#include "spindle/vm.hpp"

namespace {

constexpr int kTicks = 24;
constexpr int64_t kStartTemp = 185;  // tenths of a degree
constexpr int64_t kLow = 200, kHigh = 215;

// The physics: the heater adds 6 per power level, the greenhouse loses heat
// to the 10.0 C outside air, and a door left open on ticks 14-16 costs more.
int64_t plant_step(int64_t temp, int64_t power, int tick) {
  int64_t next = temp + power * 6 - (temp - 100) / 20;
  if (tick >= 14 && tick <= 16) next -= 15;
  return next;
}

// A cheap sensor: a fixed noise pattern keeps the run reproducible.
int64_t sensor(int64_t temp, int tick) {
  static const int64_t kNoise[] = {0, 2, -1, 1, -2, 0, 1, -1};
  return temp + kNoise[tick % 8];
}

// The reference: thermostat.py's policy in C++. It returns the new power
// setting, or -1 when the script would send nothing.
struct ReferenceThermostat {
  std::vector<int64_t> recent;
  int64_t power = 0;

  int64_t on_reading(int64_t reading) {
    recent.push_back(reading);
    if (recent.size() > 3) recent.erase(recent.begin());
    int64_t sum = 0;
    for (int64_t r : recent) sum += r;
    int64_t smoothed = sum / static_cast<int64_t>(recent.size());  // all positive: same as Python's //
    int64_t wanted = smoothed < kLow - 10 ? 3 : smoothed < kLow ? 1 : smoothed > kHigh ? 0 : power;
    if (wanted == power) return -1;
    power = wanted;
    return power;
  }
};

enum class Path { TrySend, Send };

struct TickLog {
  int64_t temp = 0, reading = 0;
  Path path = Path::TrySend;
  int64_t command = -1;  // -1: no command this tick
};

bool check(const spindle::RunResult& r) {
  if (!r.ok()) std::fputs(r.traceback.c_str(), stderr);
  return r.ok();
}

bool expect(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "MISMATCH: %s\n", what);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: feeder_example thermostat.py\n");
    return 2;
  }
  spindle::Vm vm;
  if (!check(spindle::run_file(vm, argv[1]))) return 1;
  spindle::Value readings = spindle::global(vm, "readings");
  spindle::Value commands = spindle::global(vm, "commands");
  spindle::RunResult spawned = spindle::spawn(vm, spindle::global(vm, "thermostat"));
  if (!check(spawned)) return 1;
  spindle::Value thermostat = spawned.value;

  std::vector<TickLog> log;
  int64_t temp = kStartTemp, power = 0;
  std::printf("tick  temp  reading  delivered  heater\n");
  for (int tick = 1; tick <= kTicks; ++tick) {
    TickLog entry;
    entry.temp = temp;
    entry.reading = sensor(temp, tick);

    // Deliver the reading: the fast path if the thermostat is waiting for
    // it, else a blocking send that runs the script until it takes it.
    spindle::Value reading = spindle::Value::integer(entry.reading);
    if (!spindle::try_send(vm, readings, reading)) {
      entry.path = Path::Send;
      if (!check(spindle::send(vm, readings, reading))) return 1;
    }
    // Give the script the rest of this tick: it ends blocked, either in
    // receive() (nothing to say) or in commands.send() (a new setting).
    if (!check(spindle::run_tasklets(vm))) return 1;

    // Poll for a command. try_receive never runs script code, so the host
    // stays in charge of when the script runs next.
    spindle::Value command;
    if (spindle::try_receive(vm, commands, &command)) {
      if (!command.is_int()) {
        std::fprintf(stderr, "thermostat sent a non-int command: %s\n", spindle::to_string(vm, command).c_str());
        return 1;
      }
      entry.command = power = command.as_int();
    }

    std::printf("%4d  %4lld  %7lld  %-9s  %s\n", tick, static_cast<long long>(entry.temp),
                static_cast<long long>(entry.reading), entry.path == Path::TrySend ? "try_send" : "send",
                entry.command < 0 ? "" : ("-> " + std::to_string(entry.command)).c_str());
    log.push_back(entry);
    temp = plant_step(temp, power, tick);
  }

  // End of the simulation: the script's shutdown() ends the thermostat's
  // loop; its last message is the number of readings it saw.
  if (!check(spindle::call(vm, spindle::global(vm, "shutdown"), {}))) return 1;
  spindle::Value seen;
  bool got_seen = spindle::try_receive(vm, commands, &seen);
  if (!check(spindle::run_tasklets(vm))) return 1;  // let it return
  std::printf("thermostat saw %s readings; final temperature %lld\n",
              got_seen ? spindle::to_string(vm, seen).c_str() : "no", static_cast<long long>(temp));

  // Verify: replay the closed loop with the C++ reference policy.
  bool ok = true;
  ReferenceThermostat ref;
  int64_t ref_temp = kStartTemp, ref_power = 0;
  int commands_seen = 0;
  for (int tick = 1; tick <= kTicks; ++tick) {
    const TickLog& entry = log[tick - 1];
    ok &= expect(entry.temp == ref_temp, "temperature trajectory");
    int64_t cmd = ref.on_reading(sensor(ref_temp, tick));
    ok &= expect(entry.command == cmd, "the script's command differs from the reference policy");
    if (cmd >= 0) {
      ref_power = cmd;
      ++commands_seen;
    }
    // try_send fails exactly when the thermostat is not blocked in
    // receive(): before it first ran, and right after a collected command.
    bool thermostat_busy = tick == 1 || log[tick - 2].command >= 0;
    ok &= expect((entry.path == Path::Send) == thermostat_busy, "delivery path");
    ref_temp = plant_step(ref_temp, ref_power, tick);
  }
  ok &= expect(commands_seen >= 3, "the heater was switched several times");
  ok &= expect(got_seen && seen.is_int() && seen.as_int() == kTicks, "no reading was lost");
  ok &= expect(!spindle::inspect(vm, thermostat).alive, "the thermostat finished");
  ok &= expect(spindle::runcount(vm) == 1, "only the host is left in the run queue");

  std::printf("%s\n", ok ? "feeder example OK" : "feeder example FAILED");
  return ok ? 0 : 1;
}
