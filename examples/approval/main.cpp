// An expense-approval host: workflows wait for people in a database, not in
// memory.
//
//   approval_example DB start NUMBER EMPLOYEE AMOUNT WHAT
//   approval_example DB decide NUMBER yes|no BY [NOTE]
//   approval_example DB show [NUMBER]
//   options (before DB): --flow PATH   the workflow script (default: flow.py
//                                      next to this source file)
//                        --allow-changed-code
//
// `start` runs flow.py's expense() as a tasklet until it blocks waiting for
// the first decision, pickles the tasklet and its inbox channel to JSON and
// stores it in one SQLite row (WAL mode, synchronous=FULL: the row is on
// disk when the command returns). The process then exits.
// `decide`, in any later process, loads the row, unpickles the workflow,
// sends it the decision and runs it until it blocks again (the row is
// updated) or ends (the row records the outcome). Reading and writing the
// row happen in one IMMEDIATE transaction, so two concurrent deciders on the
// same workflow are serialised and neither loses the other's step.
//
// If the workflow cannot be pickled when it blocks (a tasklet blocked inside
// native code), the error is reported and nothing is written: the row keeps
// its previous, consistent state.
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "spindle/pickle.hpp"
#include "spindle/vm.hpp"

#ifndef SPINDLE_APPROVAL_FLOW
#define SPINDLE_APPROVAL_FLOW "flow.py"
#endif

namespace {

// ---- SQLite --------------------------------------------------------------------------------

class Db {
 public:
  explicit Db(const char* path) {
    if (sqlite3_open(path, &db_) != SQLITE_OK) fail("open");
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA busy_timeout=10000");
    exec("CREATE TABLE IF NOT EXISTS workflows ("
         " number TEXT PRIMARY KEY,"
         " state TEXT NOT NULL,"      // waiting | approved | rejected
         " outcome TEXT,"             // why it ended
         " document TEXT,"            // the pickled tasklet while waiting
         " updated TEXT NOT NULL DEFAULT (datetime('now')))");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s: %s\n", sql, err ? err : "?");
      sqlite3_free(err);
      std::exit(3);
    }
  }

  struct Row {
    bool found = false;
    std::string state, outcome, document;
  };
  Row load(const std::string& number) {
    Row row;
    sqlite3_stmt* st = prepare("SELECT state, outcome, document FROM workflows WHERE number = ?");
    sqlite3_bind_text(st, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      row.found = true;
      row.state = text(st, 0);
      row.outcome = text(st, 1);
      row.document = text(st, 2);
    }
    sqlite3_finalize(st);
    return row;
  }
  void save(const std::string& number, const std::string& state, const std::string& outcome,
            const std::string* document) {
    sqlite3_stmt* st = prepare(
        "INSERT INTO workflows (number, state, outcome, document) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(number) DO UPDATE SET state = excluded.state, outcome = excluded.outcome,"
        " document = excluded.document, updated = datetime('now')");
    sqlite3_bind_text(st, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, state.c_str(), -1, SQLITE_TRANSIENT);
    if (outcome.empty())
      sqlite3_bind_null(st, 3);
    else
      sqlite3_bind_text(st, 3, outcome.c_str(), -1, SQLITE_TRANSIENT);
    if (document)
      sqlite3_bind_text(st, 4, document->c_str(), static_cast<int>(document->size()), SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, 4);
    if (sqlite3_step(st) != SQLITE_DONE) fail("save");
    sqlite3_finalize(st);
  }
  void show(const char* number) {
    sqlite3_stmt* st = prepare(number ? "SELECT number, state, outcome, length(document) FROM workflows WHERE number = ?"
                                      : "SELECT number, state, outcome, length(document) FROM workflows ORDER BY number");
    if (number) sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::printf("%s  %-8s  %s\n", text(st, 0).c_str(), text(st, 1).c_str(),
                  sqlite3_column_type(st, 3) == SQLITE_NULL
                      ? text(st, 2).c_str()
                      : ("(" + std::to_string(sqlite3_column_int64(st, 3)) + " bytes pickled)").c_str());
    }
    sqlite3_finalize(st);
  }

 private:
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) fail(sql);
    return st;
  }
  static std::string text(sqlite3_stmt* st, int col) {
    const unsigned char* t = sqlite3_column_text(st, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  [[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db_));
    std::exit(3);
  }
  sqlite3* db_ = nullptr;
};

// ---- the workflow host ---------------------------------------------------------------------

// What the workflow told the host through close(number, state, why).
struct Outcome {
  std::string state, why;
};

// The host functions a workflow gets. The same names are registered in
// every process, so a pickle that holds them (they are arguments, hence
// locals of the parked frame) finds them again.
void register_desk(spindle::Vm& vm, Outcome* outcome) {
  spindle::register_permanent(vm, "approval.notify",
                              spindle::host_function("notify", [](spindle::Vm& vm, spindle::Args& a) {
                                if (!spindle::check_args(vm, a, "notify", 2, 2)) return spindle::Value();
                                std::printf("[%s] %s\n", spindle::to_string(vm, a[0]).c_str(),
                                            spindle::to_string(vm, a[1]).c_str());
                                return spindle::Value::none();
                              }));
  spindle::register_permanent(vm, "approval.close",
                              spindle::host_function("close", [outcome](spindle::Vm& vm, spindle::Args& a) {
                                if (!spindle::check_args(vm, a, "close", 3, 3)) return spindle::Value();
                                outcome->state = spindle::to_string(vm, a[1]);
                                outcome->why = spindle::to_string(vm, a[2]);
                                return spindle::Value::none();
                              }));
}

bool ok(const spindle::RunResult& r) {
  if (!r.ok()) std::fprintf(stderr, "%s", r.traceback.empty() ? (r.error_message + "\n").c_str() : r.traceback.c_str());
  return r.ok();
}

// After the workflow ran: store it parked, or its outcome. False (nothing
// written) if it cannot be pickled.
bool settle(spindle::Vm& vm, Db& db, const std::string& number, const spindle::Value& workflow,
            const spindle::Value& inbox, const Outcome& outcome) {
  spindle::TaskletInfo info = spindle::inspect(vm, workflow);
  if (!info.alive) {
    if (outcome.state.empty()) {
      std::fprintf(stderr, "workflow %s ended without an outcome\n", number.c_str());
      return false;
    }
    db.save(number, outcome.state, outcome.why, nullptr);
    std::printf("expense %s %s: %s\n", number.c_str(), outcome.state.c_str(), outcome.why.c_str());
    return true;
  }
  nlohmann::json doc;
  if (!ok(spindle::pickle(vm, spindle::make_list(vm, {workflow, inbox}), &doc))) {
    std::fprintf(stderr, "workflow %s not parked: it stays as stored before\n", number.c_str());
    return false;
  }
  std::string text = doc.dump();
  db.save(number, "waiting", "", &text);
  std::printf("expense %s waiting in %s (%zu bytes pickled)\n", number.c_str(), info.where.c_str(), text.size());
  return true;
}

int start(Db& db, const char* flow, const std::vector<std::string>& args) {
  if (args.size() != 4) {
    std::fprintf(stderr, "usage: start NUMBER EMPLOYEE AMOUNT WHAT\n");
    return 2;
  }
  const std::string& number = args[0];
  db.exec("BEGIN IMMEDIATE");
  if (db.load(number).found) {
    db.exec("ROLLBACK");
    std::fprintf(stderr, "expense %s exists already\n", number.c_str());
    return 1;
  }
  spindle::Vm vm;
  Outcome outcome;
  register_desk(vm, &outcome);
  if (!ok(spindle::run_file(vm, flow))) return 1;
  spindle::Value inbox = spindle::new_channel(vm);
  spindle::RunResult t = spindle::spawn(
      vm, spindle::global(vm, "expense"),
      {spindle::make_str(vm, number), spindle::make_str(vm, args[1]),
       spindle::Value::integer(std::strtoll(args[2].c_str(), nullptr, 10)), spindle::make_str(vm, args[3]), inbox,
       spindle::permanent(vm, "approval.notify"), spindle::permanent(vm, "approval.close")});
  if (!ok(t) || !ok(spindle::run_tasklets(vm))) return 1;
  if (!settle(vm, db, number, t.value, inbox, outcome)) {
    db.exec("ROLLBACK");
    return 1;
  }
  db.exec("COMMIT");
  return 0;
}

int decide(Db& db, const char* flow, bool allow_changed_code, const std::vector<std::string>& args) {
  if (args.size() < 3 || args.size() > 4 || (args[1] != "yes" && args[1] != "no")) {
    std::fprintf(stderr, "usage: decide NUMBER yes|no BY [NOTE]\n");
    return 2;
  }
  const std::string& number = args[0];
  db.exec("BEGIN IMMEDIATE");
  Db::Row row = db.load(number);
  if (!row.found || row.state != "waiting") {
    db.exec("ROLLBACK");
    std::fprintf(stderr, "expense %s is %s\n", number.c_str(), row.found ? row.state.c_str() : "unknown");
    return 1;
  }
  spindle::Vm vm;
  Outcome outcome;
  register_desk(vm, &outcome);
  if (!ok(spindle::run_file(vm, flow))) return 1;
  spindle::UnpickleOptions options;
  options.allow_changed_code = allow_changed_code;
  spindle::RunResult loaded = spindle::unpickle_text(vm, row.document, options);
  if (!ok(loaded) || !loaded.value.is_kind(spindle::ObjKind::List) ||
      loaded.value.as<spindle::List>()->items.size() != 2) {
    db.exec("ROLLBACK");
    std::fprintf(stderr, "expense %s: the stored workflow cannot be resumed; the row is left as it was\n",
                 number.c_str());
    return 1;
  }
  spindle::Value workflow = loaded.value.as<spindle::List>()->items[0];
  spindle::Value inbox = loaded.value.as<spindle::List>()->items[1];
  spindle::Value decision = spindle::make_list(
      vm, {spindle::make_str(vm, args[1]), spindle::make_str(vm, args[2]), spindle::make_str(vm, args.size() > 3 ? args[3] : "")});
  // The workflow is blocked receiving: the value is handed over at once,
  // and the workflow runs until it blocks again or ends.
  if (!spindle::try_send(vm, inbox, decision)) {
    db.exec("ROLLBACK");
    std::fprintf(stderr, "expense %s is not waiting for a decision\n", number.c_str());
    return 1;
  }
  if (!ok(spindle::run_tasklets(vm)) || !settle(vm, db, number, workflow, inbox, outcome)) {
    db.exec("ROLLBACK");
    return 1;
  }
  db.exec("COMMIT");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const char* flow = SPINDLE_APPROVAL_FLOW;
  bool allow_changed_code = false;
  int i = 1;
  for (; i < argc && std::strncmp(argv[i], "--", 2) == 0; ++i) {
    if (std::strcmp(argv[i], "--flow") == 0 && i + 1 < argc) {
      flow = argv[++i];
    } else if (std::strcmp(argv[i], "--allow-changed-code") == 0) {
      allow_changed_code = true;
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (argc - i < 2) {
    std::fprintf(stderr,
                 "usage: approval_example [--flow PATH] [--allow-changed-code] DB start|decide|show ...\n");
    return 2;
  }
  Db db(argv[i]);
  std::string command = argv[i + 1];
  std::vector<std::string> args(argv + i + 2, argv + argc);
  if (command == "start") return start(db, flow, args);
  if (command == "decide") return decide(db, flow, allow_changed_code, args);
  if (command == "show") {
    db.show(args.empty() ? nullptr : args[0].c_str());
    return 0;
  }
  std::fprintf(stderr, "unknown command %s\n", command.c_str());
  return 2;
}
