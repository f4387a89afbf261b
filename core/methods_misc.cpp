// Methods of files, generators, iterators, int, float, range and slice.
//
// Files are text files in UTF-8 on a C FILE*. Reading translates "\r\n" and
// "\r" to "\n" (CPython's universal newlines); writing writes "\n" as is
// (CPython on POSIX). sys.stdout and sys.stderr are Files without a FILE*
// whose writes go through vm.write_stdout / vm.write_stderr.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/install.hpp"
#include "core/ops.hpp"
#include "core/utf8.hpp"

namespace spindle {

namespace {

Value str_value(Vm& vm, std::string s) { return Value(vm.str(std::move(s))); }

bool check_self(Vm& vm, Args& args, const char* cls, const char* name, bool ok) {
  if (args.n < 1) {
    vm.raisef(vm.exc.TypeError.get(), "unbound method {}.{}() needs an argument", cls, name);
    return false;
  }
  if (!ok) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' for '{}' objects doesn't apply to a '{}' object", name, cls,
              vm.type_name(args[0]));
    return false;
  }
  return true;
}

// Argument count after self, in the METH_NOARGS / METH_O / varargs wordings.
bool count_args(Vm& vm, Args& args, const char* qualname, int min, int max) {
  int n = args.n - 1;
  if (args.nkw() > 0) {
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", qualname);
    return false;
  }
  if (n >= min && n <= max) return true;
  if (max == 0)
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments ({} given)", qualname, n);
  else if (min == 1 && max == 1)
    vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly one argument ({} given)", qualname, n);
  else if (n < min)
    vm.raisef(vm.exc.TypeError.get(), "{}() takes at least {} argument{} ({} given)", qualname, min,
              min == 1 ? "" : "s", n);
  else
    vm.raisef(vm.exc.TypeError.get(), "{}() takes at most {} argument{} ({} given)", qualname, max,
              max == 1 ? "" : "s", n);
  return false;
}

// A data attribute implemented natively: a property whose fget takes self.
void def_getter(Vm& vm, Class* cls, const char* name, NativeFn get) {
  Ref<NativeFunction> f = vm.native(name, get);
  f->owner = cls;
  dict_set_str(cls->dict.get(), vm.intern(name), Value(make<Descriptor>(ObjKind::Property, Value(f))));
}

// ---- files ------------------------------------------------------------------------------

File* self_file(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "_io.TextIOWrapper", name, args.n >= 1 && args[0].is_kind(ObjKind::File))) return nullptr;
  return args[0].as<File>();
}

bool check_open(Vm& vm, File* f) {
  if (!f->closed) return true;
  vm.raise(vm.exc.ValueError.get(), "I/O operation on closed file.");
  return false;
}

// io.UnsupportedOperation (an OSError and a ValueError in CPython; an
// OSError only here, single inheritance). Kept in the file class's dict,
// since the Vm has no slot for it.
Value raise_unsupported(Vm& vm, const char* message) {
  Value cls = dict_get_str(vm.cls.file->dict.get(), vm.intern("UnsupportedOperation"));
  return vm.raise(cls.is_kind(ObjKind::Class) ? cls.as<Class>() : vm.exc.OSError.get(), message);
}

bool check_mode(Vm& vm, File* f, bool want_write) {
  if (!check_open(vm, f)) return false;
  if (want_write ? f->writable : f->readable) {
    // A FILE* opened for update must be repositioned between reads and
    // writes; a no-op seek does that in either direction.
    if (f->fp && f->readable && f->writable && f->mode.find('a') == std::string::npos)
      std::fseek(f->fp, 0, SEEK_CUR);
    return true;
  }
  raise_unsupported(vm, want_write ? "not writable" : "not readable");
  return false;
}

// Reads one character with newline translation: "\r\n" and "\r" give '\n'.
int read_char(std::FILE* fp) {
  int c = getc_unlocked(fp);
  if (c == '\r') {
    int d = getc_unlocked(fp);
    if (d != '\n' && d != EOF) ungetc(d, fp);
    return '\n';
  }
  return c;
}

// Appends the rest of a UTF-8 sequence whose lead byte was just read.
void read_continuation(std::FILE* fp, int lead, std::string& out) {
  size_t n = utf8::seq_len(static_cast<unsigned char>(lead));
  for (size_t k = 1; k < n; ++k) {
    int c = getc_unlocked(fp);
    if (c == EOF) return;
    if ((c & 0xC0) != 0x80) {
      ungetc(c, fp);
      return;
    }
    out += static_cast<char>(c);
  }
}

// Reads up to `limit` code points (all if negative), stopping after a
// newline when `line` is set.
std::string read_text(std::FILE* fp, int64_t limit, bool line) {
  std::string out;
  int64_t count = 0;
  while (limit < 0 || count < limit) {
    int c = read_char(fp);
    if (c == EOF) break;
    out += static_cast<char>(c);
    if (c >= 0x80) read_continuation(fp, c, out);
    ++count;
    if (line && c == '\n') break;
  }
  return out;
}

bool size_arg(Vm& vm, Args& args, int index, int64_t* out) {
  *out = -1;
  if (args.n <= index || args[index].is_none()) return true;
  return to_index(vm, args[index], out);
}

Value file_read(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "read");
  if (!f || !count_args(vm, args, "read", 0, 1)) return {};
  int64_t size;
  if (!size_arg(vm, args, 1, &size) || !check_mode(vm, f, false)) return {};
  if (!f->fp) return str_value(vm, "");
  return str_value(vm, read_text(f->fp, size, false));
}

Value file_readline(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "readline");
  if (!f || !count_args(vm, args, "readline", 0, 1)) return {};
  int64_t size;
  if (!size_arg(vm, args, 1, &size) || !check_mode(vm, f, false)) return {};
  if (!f->fp) return str_value(vm, "");
  return str_value(vm, read_text(f->fp, size, true));
}

Value file_readlines(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "readlines");
  if (!f || !count_args(vm, args, "readlines", 0, 1)) return {};
  int64_t hint;
  if (!size_arg(vm, args, 1, &hint) || !check_mode(vm, f, false)) return {};
  std::vector<Value> lines;
  int64_t total = 0;
  while (f->fp) {
    std::string line = read_text(f->fp, -1, true);
    if (line.empty()) break;
    total += utf8::length(line);
    lines.push_back(str_value(vm, std::move(line)));
    if (hint > 0 && total >= hint) break;
  }
  return Value(make_list(std::move(lines)));
}

Value file_write_method(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "write");
  if (!f || !count_args(vm, args, "write", 1, 1)) return {};
  if (!check_open(vm, f)) return {};
  if (!args[1].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "write() argument must be str, not {}", vm.type_name(args[1]));
  Str* s = args[1].as<Str>();
  if (!file_write(vm, f, s->view())) return {};
  return Value::integer(s->length());
}

Value file_writelines(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "writelines");
  if (!f || !count_args(vm, args, "writelines", 1, 1)) return {};
  if (!check_open(vm, f)) return {};
  Value self = args[0];
  Value it = get_iter(vm, args[1]);
  if (it.is_null()) return {};
  for (;;) {
    Value line = iter_next(vm, it);
    if (line.is_null()) {
      if (vm.has_error()) return {};
      return Value::none();
    }
    if (!line.is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "write() argument must be str, not {}", vm.type_name(line));
    if (!file_write(vm, f, line.as<Str>()->view())) return {};
  }
}

void close_file(File* f) {
  if (f->fp && f->fp != stdin && f->fp != stdout && f->fp != stderr) std::fclose(f->fp);
  f->fp = nullptr;
  f->closed = true;
}

Value file_close(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "close");
  if (!f || !count_args(vm, args, "close", 0, 0)) return {};
  if (f->std_stream != File::Std::None) {
    // Closing sys.stdout only marks it; the process's stream stays usable
    // for the traceback printer.
    f->closed = true;
    return Value::none();
  }
  close_file(f);
  return Value::none();
}

Value file_flush_method(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "flush");
  if (!f || !count_args(vm, args, "flush", 0, 0)) return {};
  if (!file_flush(vm, f)) return {};
  return Value::none();
}

Value file_enter(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "__enter__");
  if (!f || !check_open(vm, f)) return {};
  return args[0];
}

Value file_exit(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "__exit__");
  if (!f) return {};
  if (f->std_stream == File::Std::None)
    close_file(f);
  else
    f->closed = true;
  return Value::none();
}

Value file_iter(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "__iter__");
  if (!f || !check_open(vm, f)) return {};
  return args[0];
}

Value file_next(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "__next__");
  if (!f || !check_mode(vm, f, false)) return {};
  std::string line = f->fp ? read_text(f->fp, -1, true) : std::string();
  if (line.empty()) return vm.raise_with_args(vm.exc.StopIteration.get(), {});
  return str_value(vm, std::move(line));
}

Value file_readable(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "readable");
  if (!f || !check_open(vm, f)) return {};
  return Value::boolean(f->readable);
}

Value file_writable(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "writable");
  if (!f || !check_open(vm, f)) return {};
  return Value::boolean(f->writable);
}

Value file_tell(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "tell");
  if (!f || !count_args(vm, args, "tell", 0, 0) || !check_open(vm, f)) return {};
  if (!f->fp) return raise_unsupported(vm, "underlying stream is not seekable");
  return Value::integer(static_cast<int64_t>(std::ftell(f->fp)));
}

Value file_seek(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "seek");
  if (!f || !count_args(vm, args, "seek", 1, 2) || !check_open(vm, f)) return {};
  if (!f->fp) return raise_unsupported(vm, "underlying stream is not seekable");
  int64_t offset, whence = 0;
  if (!to_index(vm, args[1], &offset)) return {};
  if (args.n > 2 && !to_index(vm, args[2], &whence)) return {};
  if (whence < 0 || whence > 2)
    return vm.raisef(vm.exc.ValueError.get(), "invalid whence ({}, should be 0, 1 or 2)", whence);
  // Text files allow only zero offsets relative to the current position or
  // the end, as in CPython.
  if (whence != 0 && offset != 0) {
    const char* what = whence == 1 ? "can't do nonzero cur-relative seeks" : "can't do nonzero end-relative seeks";
    return raise_unsupported(vm, what);
  }
  if (offset < 0) return vm.raisef(vm.exc.ValueError.get(), "negative seek position {}", offset);
  std::fseek(f->fp, static_cast<long>(offset), whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
  return Value::integer(static_cast<int64_t>(std::ftell(f->fp)));
}

Value file_closed(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "closed");
  if (!f) return {};
  return Value::boolean(f->closed);
}

Value file_name(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "name");
  if (!f) return {};
  return str_value(vm, f->name);
}

Value file_mode(Vm& vm, Args& args) {
  File* f = self_file(vm, args, "mode");
  if (!f) return {};
  return str_value(vm, f->mode);
}

// ---- generators ---------------------------------------------------------------------------

Generator* self_gen(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "generator", name, args.n >= 1 && args[0].is_kind(ObjKind::Generator))) return nullptr;
  return args[0].as<Generator>();
}

Value gen_send(Vm& vm, Args& args) {
  Generator* g = self_gen(vm, args, "send");
  if (!g || !count_args(vm, args, "generator.send", 1, 1)) return {};
  if (!g->started && g->frame && !args[1].is_none())
    return vm.raise(vm.exc.TypeError.get(), "can't send non-None value to a just-started generator");
  // The loop resumes the generator without recursing on the C stack.
  return vm.resume_request(args[0], args[1], false);
}

Value gen_next(Vm& vm, Args& args) {
  Generator* g = self_gen(vm, args, "__next__");
  if (!g || !count_args(vm, args, "generator.__next__", 0, 0)) return {};
  return vm.resume_request(args[0], Value::none(), false);
}

Value gen_iter(Vm& vm, Args& args) {
  Generator* g = self_gen(vm, args, "__iter__");
  if (!g) return {};
  return args[0];
}

// The exception object gen.throw(typ[, val]) raises.
Value make_thrown(Vm& vm, const Value& typ, const Value& val) {
  bool has_val = !val.is_null() && !val.is_none();
  if (typ.is_kind(ObjKind::Class) && typ.as<Class>()->is_subclass_of(vm.exc.BaseException.get())) {
    if (has_val && val.is_kind(ObjKind::Exception) && val.as<ExceptionObject>()->cls->is_subclass_of(typ.as<Class>()))
      return val;
    std::vector<Value> ctor_args;
    if (has_val) {
      if (val.is_kind(ObjKind::Tuple))
        ctor_args = val.as<Tuple>()->items;
      else
        ctor_args.push_back(val);
    }
    Value exc = vm.call(typ, std::move(ctor_args));
    if (exc.is_null()) return {};
    if (!exc.is_kind(ObjKind::Exception))
      return vm.raisef(vm.exc.TypeError.get(),
                       "calling {} should have returned an instance of BaseException, not {}",
                       typ.as<Class>()->name->str(), vm.type_name(exc));
    return exc;
  }
  if (typ.is_kind(ObjKind::Exception)) {
    if (has_val) return vm.raise(vm.exc.TypeError.get(), "instance exception may not have a separate value");
    return typ;
  }
  return vm.raisef(vm.exc.TypeError.get(),
                   "exceptions must be classes or instances deriving from BaseException, not {}", vm.type_name(typ));
}

Value gen_throw(Vm& vm, Args& args) {
  Generator* g = self_gen(vm, args, "throw");
  if (!g || !count_args(vm, args, "throw", 1, 3)) return {};
  Value exc = make_thrown(vm, args[1], args.n > 2 ? args[2] : Value());
  if (exc.is_null()) return {};
  return vm.resume_request(args[0], std::move(exc), true);
}

Value gen_close(Vm& vm, Args& args) {
  Generator* g = self_gen(vm, args, "close");
  if (!g || !count_args(vm, args, "generator.close", 0, 0)) return {};
  Value self = args[0];
  if (!g->frame) return Value::none();
  if (!g->started && !g->running) {
    // Never ran: nothing to unwind, it is simply finished.
    Ref<Frame> frame = std::move(g->frame);
    frame->generator = nullptr;
    return Value::none();
  }
  Ref<ExceptionObject> exit = vm.new_exception(vm.exc.GeneratorExit.get(), {});
  Value r = vm.interp()->resume_generator(vm, g, Value(exit), true);
  if (!r.is_null()) return vm.raise(vm.exc.RuntimeError.get(), "generator ignored GeneratorExit");
  if (vm.error_matches(vm.exc.GeneratorExit.get()) || vm.error_matches(vm.exc.StopIteration.get())) {
    vm.take_error();
    return Value::none();
  }
  return {};
}

// ---- iterator objects (iter(), enumerate, zip, map, filter, reversed) ------------------------

Value iterator_iter(Vm& vm, Args& args) {
  if (!check_self(vm, args, "iterator", "__iter__", args.n >= 1 && args[0].is_kind(ObjKind::Iterator))) return {};
  return args[0];
}

Value iterator_next(Vm& vm, Args& args) {
  if (!check_self(vm, args, "iterator", "__next__", args.n >= 1 && args[0].is_kind(ObjKind::Iterator))) return {};
  Value item = iter_next(vm, args[0]);
  if (!item.is_null() || vm.has_error()) return item;
  return vm.raise_with_args(vm.exc.StopIteration.get(), {});
}

// ---- int and float ---------------------------------------------------------------------------

bool self_int(Vm& vm, Args& args, const char* name) {
  return check_self(vm, args, "int", name, args.n >= 1 && args[0].is_intlike());
}

int64_t bit_length(int64_t v) {
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int64_t n = 0;
  while (u) {
    ++n;
    u >>= 1;
  }
  return n;
}

Value int_bit_length(Vm& vm, Args& args) {
  if (!self_int(vm, args, "bit_length") || !count_args(vm, args, "int.bit_length", 0, 0)) return {};
  return Value::integer(bit_length(args[0].as_int()));
}

Value int_bit_count(Vm& vm, Args& args) {
  if (!self_int(vm, args, "bit_count") || !count_args(vm, args, "int.bit_count", 0, 0)) return {};
  int64_t v = args[0].as_int();
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  return Value::integer(__builtin_popcountll(u));
}

Value int_self_value(Vm& vm, Args& args) {
  if (!self_int(vm, args, "real")) return {};
  return Value::integer(args[0].as_int());
}

Value int_zero(Vm& vm, Args& args) {
  if (!self_int(vm, args, "imag")) return {};
  return Value::integer(0);
}

Value int_one(Vm& vm, Args& args) {
  if (!self_int(vm, args, "denominator")) return {};
  return Value::integer(1);
}

Value int_conjugate(Vm& vm, Args& args) {
  if (!self_int(vm, args, "conjugate") || !count_args(vm, args, "int.conjugate", 0, 0)) return {};
  return Value::integer(args[0].as_int());
}

Value int_as_integer_ratio(Vm& vm, Args& args) {
  if (!self_int(vm, args, "as_integer_ratio") || !count_args(vm, args, "int.as_integer_ratio", 0, 0)) return {};
  return Value(make_tuple({Value::integer(args[0].as_int()), Value::integer(1)}));
}

bool self_float(Vm& vm, Args& args, const char* name) {
  return check_self(vm, args, "float", name, args.n >= 1 && args[0].is_float());
}

Value float_is_integer(Vm& vm, Args& args) {
  if (!self_float(vm, args, "is_integer") || !count_args(vm, args, "float.is_integer", 0, 0)) return {};
  double d = args[0].as_float();
  return Value::boolean(std::isfinite(d) && d == std::floor(d));
}

Value float_as_integer_ratio(Vm& vm, Args& args) {
  if (!self_float(vm, args, "as_integer_ratio") || !count_args(vm, args, "float.as_integer_ratio", 0, 0)) return {};
  double d = args[0].as_float();
  if (std::isnan(d)) return vm.raise(vm.exc.ValueError.get(), "cannot convert NaN to integer ratio");
  if (std::isinf(d)) return vm.raise(vm.exc.OverflowError.get(), "cannot convert Infinity to integer ratio");
  int exp;
  double m = std::frexp(d, &exp);
  // Scale the mantissa to an integer, then cancel common powers of two.
  for (int i = 0; i < 300 && m != std::floor(m); ++i) {
    m *= 2.0;
    --exp;
  }
  if (std::fabs(m) >= 9223372036854775808.0)
    return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
  int64_t num = static_cast<int64_t>(m);
  int64_t den = 1;
  if (exp > 0) {
    for (int i = 0; i < exp; ++i) {
      if (num > INT64_MAX / 2 || num < INT64_MIN / 2)
        return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
      num *= 2;
    }
  } else {
    int shift = -exp;
    while (shift > 0 && num % 2 == 0) {
      num /= 2;
      --shift;
    }
    if (shift > 62) return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
    den = int64_t{1} << shift;
  }
  return Value(make_tuple({Value::integer(num), Value::integer(den)}));
}

// float.hex(): [-]0x1.<13 hex digits>p<exp>, subnormals as 0x0.<...>p-1022.
Value float_hex(Vm& vm, Args& args) {
  if (!self_float(vm, args, "hex") || !count_args(vm, args, "float.hex", 0, 0)) return {};
  double d = args[0].as_float();
  if (std::isnan(d)) return str_value(vm, "nan");
  if (std::isinf(d)) return str_value(vm, d < 0 ? "-inf" : "inf");
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  bool neg = bits >> 63;
  int biased = static_cast<int>((bits >> 52) & 0x7FF);
  uint64_t frac = bits & ((uint64_t{1} << 52) - 1);
  std::string out = neg ? "-" : "";
  if (biased == 0 && frac == 0) return str_value(vm, out + "0x0.0p+0");
  int exp = biased == 0 ? -1022 : biased - 1023;
  out += biased == 0 ? "0x0." : "0x1.";
  out += fmt::format("{:013x}", frac);
  out += fmt::format("p{}{}", exp < 0 ? "-" : "+", exp < 0 ? -exp : exp);
  return str_value(vm, std::move(out));
}

Value float_self_value(Vm& vm, Args& args) {
  if (!self_float(vm, args, "real")) return {};
  return args[0];
}

Value float_zero(Vm& vm, Args& args) {
  if (!self_float(vm, args, "imag")) return {};
  return Value::number(0.0);
}

Value float_conjugate(Vm& vm, Args& args) {
  if (!self_float(vm, args, "conjugate") || !count_args(vm, args, "float.conjugate", 0, 0)) return {};
  return args[0];
}

// ---- range and slice --------------------------------------------------------------------------

Range* self_range(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "range", name, args.n >= 1 && args[0].is_kind(ObjKind::Range))) return nullptr;
  return args[0].as<Range>();
}

Value range_start(Vm& vm, Args& args) {
  Range* r = self_range(vm, args, "start");
  return r ? Value::integer(r->start) : Value();
}
Value range_stop(Vm& vm, Args& args) {
  Range* r = self_range(vm, args, "stop");
  return r ? Value::integer(r->stop) : Value();
}
Value range_step(Vm& vm, Args& args) {
  Range* r = self_range(vm, args, "step");
  return r ? Value::integer(r->step) : Value();
}

// Position of an int in the range, or -1.
int64_t range_position(Range* r, int64_t v) {
  int64_t n = r->length();
  if (n == 0) return -1;
  __int128 off = static_cast<__int128>(v) - r->start;
  if (off % r->step != 0) return -1;
  __int128 idx = off / r->step;
  if (idx < 0 || idx >= n) return -1;
  return static_cast<int64_t>(idx);
}

// index() / count() for a value that is not an int: compare element-wise
// (user __eq__, or floats equal to an int).
int64_t range_search(Vm& vm, Range* r, const Value& v, bool count, int64_t* found) {
  *found = 0;
  if (v.is_float()) {
    double d = v.as_float();
    if (d != std::floor(d) || std::fabs(d) >= 9.2e18) return -1;
    int64_t pos = range_position(r, static_cast<int64_t>(d));
    *found = pos >= 0 ? 1 : 0;
    return pos;
  }
  if (!v.is_obj() || v.is_kind(ObjKind::Str)) return -1;
  int64_t n = r->length();
  int64_t first = -1;
  for (int64_t i = 0; i < n; ++i) {
    int eq = equals(vm, Value::integer(r->start + i * r->step), v);
    if (eq < 0) return -2;
    if (eq) {
      if (first < 0) first = i;
      ++*found;
      if (!count) break;
    }
  }
  return first;
}

Value range_index(Vm& vm, Args& args) {
  Range* r = self_range(vm, args, "index");
  if (!r || !count_args(vm, args, "range.index", 1, 1)) return {};
  Value self = args[0];
  const Value& v = args[1];
  int64_t pos;
  if (v.is_intlike()) {
    pos = range_position(r, v.as_int());
    if (pos < 0) {
      std::string rep;
      if (!repr_into(vm, v, rep)) return {};
      return vm.raisef(vm.exc.ValueError.get(), "{} is not in range", rep);
    }
    return Value::integer(pos);
  }
  int64_t found;
  pos = range_search(vm, r, v, false, &found);
  if (pos == -2) return {};
  if (pos < 0) return vm.raise(vm.exc.ValueError.get(), "sequence.index(x): x not in sequence");
  return Value::integer(pos);
}

Value range_count(Vm& vm, Args& args) {
  Range* r = self_range(vm, args, "count");
  if (!r || !count_args(vm, args, "range.count", 1, 1)) return {};
  Value self = args[0];
  const Value& v = args[1];
  if (v.is_intlike()) return Value::integer(range_position(r, v.as_int()) >= 0 ? 1 : 0);
  int64_t found;
  if (range_search(vm, r, v, true, &found) == -2) return {};
  return Value::integer(found);
}

Slice* self_slice(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "slice", name, args.n >= 1 && args[0].is_kind(ObjKind::Slice))) return nullptr;
  return args[0].as<Slice>();
}

Value slice_start(Vm& vm, Args& args) {
  Slice* s = self_slice(vm, args, "start");
  return s ? s->start : Value();
}
Value slice_stop(Vm& vm, Args& args) {
  Slice* s = self_slice(vm, args, "stop");
  return s ? s->stop : Value();
}
Value slice_step(Vm& vm, Args& args) {
  Slice* s = self_slice(vm, args, "step");
  return s ? s->step : Value();
}

Value slice_indices_method(Vm& vm, Args& args) {
  Slice* s = self_slice(vm, args, "indices");
  if (!s || !count_args(vm, args, "slice.indices", 1, 1)) return {};
  Value self = args[0];
  int64_t len;
  if (!to_index(vm, args[1], &len)) return {};
  if (len < 0) return vm.raise(vm.exc.ValueError.get(), "length should not be negative");
  int64_t start, stop, step, count;
  if (!slice_indices(vm, s, len, &start, &stop, &step, &count)) return {};
  return Value(make_tuple({Value::integer(start), Value::integer(stop), Value::integer(step)}));
}

}  // namespace

bool file_write(Vm& vm, File* f, std::string_view text) {
  if (f->closed) {
    vm.raise(vm.exc.ValueError.get(), "I/O operation on closed file.");
    return false;
  }
  switch (f->std_stream) {
    case File::Std::Out:
      vm.write_stdout(text);
      return true;
    case File::Std::Err:
      vm.write_stderr(text);
      return true;
    case File::Std::None:
      break;
  }
  if (!f->writable) {
    raise_unsupported(vm, "not writable");
    return false;
  }
  if (!f->fp) return true;
  if (f->readable && f->mode.find('a') == std::string::npos) std::fseek(f->fp, 0, SEEK_CUR);
  if (std::fwrite(text.data(), 1, text.size(), f->fp) != text.size()) {
    int err = errno;
    vm.raise_with_args(vm.exc.OSError.get(), {Value::integer(err), Value(vm.str(std::strerror(err)))});
    return false;
  }
  return true;
}

bool file_flush(Vm& vm, File* f) {
  if (f->closed) {
    vm.raise(vm.exc.ValueError.get(), "I/O operation on closed file.");
    return false;
  }
  if (f->std_stream == File::Std::Out) {
    std::fflush(stdout);
  } else if (f->std_stream == File::Std::Err) {
    std::fflush(stderr);
  } else if (f->fp) {
    std::fflush(f->fp);
  }
  return true;
}

void install_misc_methods(Vm& vm) {
  struct Entry {
    const char* name;
    NativeFn fn;
  };
  Class* file = vm.cls.file.get();
  static const Entry kFile[] = {
      {"read", file_read},         {"readline", file_readline},   {"readlines", file_readlines},
      {"write", file_write_method}, {"writelines", file_writelines}, {"close", file_close},
      {"flush", file_flush_method}, {"__enter__", file_enter},    {"__exit__", file_exit},
      {"__iter__", file_iter},     {"__next__", file_next},       {"readable", file_readable},
      {"writable", file_writable}, {"tell", file_tell},           {"seek", file_seek},
  };
  for (const Entry& e : kFile) vm.def_method(file, e.name, e.fn);
  Ref<Class> unsupported = vm.new_class("UnsupportedOperation", vm.exc.OSError, ObjKind::Exception, true);
  unsupported->module_name = Value(vm.intern_ref("io"));
  dict_set_str(file->dict.get(), vm.intern("UnsupportedOperation"), Value(unsupported));
  def_getter(vm, file, "closed", file_closed);
  def_getter(vm, file, "name", file_name);
  def_getter(vm, file, "mode", file_mode);

  Class* gen = vm.cls.generator.get();
  vm.def_method(gen, "send", gen_send);
  vm.def_method(gen, "throw", gen_throw);
  vm.def_method(gen, "close", gen_close);
  vm.def_method(gen, "__iter__", gen_iter);
  vm.def_method(gen, "__next__", gen_next);

  for (Class* it : {vm.cls.iterator.get(), vm.cls.enumerate.get(), vm.cls.zip.get(), vm.cls.map.get(),
                    vm.cls.filter.get(), vm.cls.reversed.get()}) {
    if (!it) continue;
    vm.def_method(it, "__iter__", iterator_iter);
    vm.def_method(it, "__next__", iterator_next);
  }

  Class* int_cls = vm.cls.int_.get();
  vm.def_method(int_cls, "bit_length", int_bit_length);
  vm.def_method(int_cls, "bit_count", int_bit_count);
  vm.def_method(int_cls, "conjugate", int_conjugate);
  vm.def_method(int_cls, "as_integer_ratio", int_as_integer_ratio);
  def_getter(vm, int_cls, "real", int_self_value);
  def_getter(vm, int_cls, "imag", int_zero);
  def_getter(vm, int_cls, "numerator", int_self_value);
  def_getter(vm, int_cls, "denominator", int_one);

  Class* float_cls = vm.cls.float_.get();
  vm.def_method(float_cls, "is_integer", float_is_integer);
  vm.def_method(float_cls, "as_integer_ratio", float_as_integer_ratio);
  vm.def_method(float_cls, "hex", float_hex);
  vm.def_method(float_cls, "conjugate", float_conjugate);
  def_getter(vm, float_cls, "real", float_self_value);
  def_getter(vm, float_cls, "imag", float_zero);

  Class* range = vm.cls.range.get();
  def_getter(vm, range, "start", range_start);
  def_getter(vm, range, "stop", range_stop);
  def_getter(vm, range, "step", range_step);
  vm.def_method(range, "index", range_index);
  vm.def_method(range, "count", range_count);

  Class* slice = vm.cls.slice.get();
  def_getter(vm, slice, "start", slice_start);
  def_getter(vm, slice, "stop", slice_stop);
  def_getter(vm, slice, "step", slice_step);
  vm.def_method(slice, "indices", slice_indices_method);
}

}  // namespace spindle
