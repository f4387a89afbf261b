// Every UnpickleLimits field is enforced by load_text and named, with its
// value, in the UnpicklingError; a document exactly at a limit still loads.
// The Python-level pickle.loads uses the defaults (tests/pickle/
// hostile_size_limits.py); here each limit is set just below a real
// document's size.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "core/ops.hpp"
#include "pickling/pickle.hpp"
#include "spindle/vm.hpp"

using spindle::Value;
using spindle::pickling::UnpickleLimits;

namespace {

// pickle.dumps(x) after running `src` (which defines x).
std::string dumps(spindle::Vm& vm, const std::string& src) {
  spindle::RunResult r = spindle::run_string(vm, src, "limits_test.py");
  INFO(r.traceback);
  REQUIRE(r.ok());
  nlohmann::json doc;
  REQUIRE(spindle::pickling::dump(vm, spindle::global(vm, "x"), &doc));
  return doc.dump();
}

// The UnpicklingError message of a refused load ("" if it loaded).
std::string refusal(spindle::Vm& vm, const std::string& text, const UnpickleLimits& limits) {
  Value v = spindle::pickling::load_text(vm, text, limits);
  if (!v.is_null()) return "";
  REQUIRE(vm.has_error());
  spindle::Ref<spindle::ExceptionObject> e = vm.take_error();
  CHECK(e->cls->name->str() == "UnpicklingError");
  return spindle::exception_message(vm, e.get());
}

}  // namespace

TEST_CASE("unpickle limits: document_bytes and nesting are checked before parsing") {
  spindle::Vm vm;
  std::string text = dumps(vm, "x = [[1, [2, [3]]], 'four']");
  UnpickleLimits lim;
  lim.document_bytes = text.size() - 1;
  CHECK(refusal(vm, text, lim) == fmt::format("/: a document of {} bytes exceeds the document_bytes limit of {}",
                                              text.size(), text.size() - 1));
  lim.document_bytes = text.size();
  CHECK(refusal(vm, text, lim) == "");
  // The document's own structure nests 5 deep ({"objects": [{"items": [{"ref": 1}]}]}).
  lim = UnpickleLimits{};
  lim.nesting = 4;
  CHECK(refusal(vm, text, lim) == "/: nesting deeper than the nesting limit of 4");
  lim.nesting = 5;
  CHECK(refusal(vm, text, lim) == "");
  // Brackets inside strings do not count.
  std::string deep_string = dumps(vm, "x = ['[[[[[[[[[[{{{{{{{{{{']");
  CHECK(refusal(vm, deep_string, lim) == "");
}

TEST_CASE("unpickle limits: objects, codes, container_length, string_length") {
  spindle::Vm vm;
  std::string text = dumps(vm,
                           "def f(a):\n    return a + 1\n"
                           "def g(b):\n    return b * 2\n"
                           "x = [f, g, 'abcdefghijklmnopqrstuvwxyz0123456789....', (1, 2, 3, 4, 5, 6, 7)]\n");
  nlohmann::json doc = nlohmann::json::parse(text);
  size_t objects = doc["objects"].size(), codes = doc["codes"].size();
  REQUIRE(codes == 2);
  UnpickleLimits lim;
  lim.objects = objects - 1;
  CHECK(refusal(vm, text, lim) ==
        fmt::format("/objects: {} entries exceed the objects limit of {}", objects, objects - 1));
  lim.objects = objects;
  CHECK(refusal(vm, text, lim) == "");

  lim = UnpickleLimits{};
  lim.codes = 1;
  CHECK(refusal(vm, text, lim) == "/codes: 2 entries exceed the codes limit of 1");

  lim = UnpickleLimits{};
  lim.container_length = 6;
  std::string msg = refusal(vm, text, lim);
  CHECK(msg.find("/items: 7 entries exceed the container_length limit of 6") != std::string::npos);
  CHECK(msg.rfind("/objects/", 0) == 0);
  lim.container_length = 7;
  CHECK(refusal(vm, text, lim) == "");

  lim = UnpickleLimits{};
  lim.string_length = 39;
  CHECK(refusal(vm, text, lim) == "/objects/0/items/2: a string of 40 bytes exceeds the string_length limit of 39");
  lim.string_length = 40;
  CHECK(refusal(vm, text, lim) == "");
}

TEST_CASE("unpickle limits: instructions per code") {
  spindle::Vm vm;
  std::string text = dumps(vm, "def f(a):\n    return a + 1\nx = f\n");
  nlohmann::json doc = nlohmann::json::parse(text);
  size_t words = doc["codes"][0]["code"].size();
  UnpickleLimits lim;
  lim.instructions = words - 1;
  CHECK(refusal(vm, text, lim) ==
        fmt::format("/codes/0/code: {} entries exceed the instructions limit of {}", words, words - 1));
  lim.instructions = words;
  CHECK(refusal(vm, text, lim) == "");
}

TEST_CASE("unpickle limits: frames per chain and frame slots") {
  spindle::Vm vm;
  std::string text = dumps(vm,
                           "import stackless\n"
                           "ch = stackless.channel()\n"
                           "def a(ch):\n    return b(ch) + 1\n"
                           "def b(ch):\n    return c(ch) + 1\n"
                           "def c(ch):\n    return ch.receive()\n"
                           "t = stackless.tasklet(a)(ch)\n"
                           "stackless.run()\n"
                           "x = [t, ch]\n");
  // c, b, a and the tasklet's end: a chain of 4 frames.
  UnpickleLimits lim;
  lim.frames = 3;
  std::string msg = refusal(vm, text, lim);
  CHECK(msg.find("/back: a chain of more than 3 frames exceeds the frames limit") != std::string::npos);
  lim.frames = 4;
  CHECK(refusal(vm, text, lim) == "");

  lim = UnpickleLimits{};
  lim.frame_slots = 5;
  msg = refusal(vm, text, lim);
  CHECK(msg.find("/function: frames of more than 5 slots in all exceed the frame_slots limit") != std::string::npos);
  lim.frame_slots = 1000;
  CHECK(refusal(vm, text, lim) == "");
}

TEST_CASE("unpickle limits: a refused load leaves no error for the next one") {
  spindle::Vm vm;
  std::string text = dumps(vm, "x = {'k': [1, 2]}");
  UnpickleLimits lim;
  lim.container_length = 1;
  CHECK(refusal(vm, text, lim) != "");
  CHECK_FALSE(vm.has_error());
  Value v = spindle::pickling::load_text(vm, text, UnpickleLimits{});
  REQUIRE(v.is_kind(spindle::ObjKind::Dict));
}
