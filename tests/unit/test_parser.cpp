// Tests for the lexer (core/lexer.cpp) and parser (core/parser.cpp).
//
// Most parser tests compare core/ast_dump's CPython-style dump with what
// CPython 3.11 prints for the same source, i.e. ast.dump(ast.parse(src))
// without ctx, annotations, `simple` and `is_async` (which Spindle's AST does
// not keep). Positions are compared the same way with include_attributes.
// Error tests give the message, 1-based line and 1-based column; where
// Spindle deliberately differs from CPython a comment says so.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "core/ast_dump.hpp"
#include "core/lexer.hpp"
#include "core/parser.hpp"

using spindle::parse_module;
using spindle::ParseResult;
using spindle::Tok;

namespace {

std::string dump_of(std::string_view src, bool positions = false) {
  ParseResult r = parse_module(src, "<test>");
  if (r.error) return "ERROR: " + r.error->message;
  return spindle::ast::dump(*r.module, positions);
}

std::string dump_pos(std::string_view src) { return dump_of(src, true); }

void check_error(std::string_view src, const char* type, std::string_view message, int line,
                 int col) {
  INFO("source: " << src);
  ParseResult r = parse_module(src, "<test>");
  REQUIRE(r.error.has_value());
  CHECK(r.module == nullptr);
  CHECK(r.error->type == type);
  CHECK(r.error->message == message);
  CHECK(r.error->line == line);
  CHECK(r.error->col == col);
  CHECK(r.error->filename == "<test>");
}

std::string error_message(std::string_view src) {
  ParseResult r = parse_module(src, "<test>");
  return r.error ? r.error->message : std::string("no error");
}

std::vector<Tok> kinds(std::string_view src) {
  spindle::LexResult lex = spindle::tokenize(src);
  std::vector<Tok> out;
  for (const spindle::Token& t : lex.tokens) out.push_back(t.kind);
  return out;
}

}  // namespace

// ---- lexer --------------------------------------------------------------------

TEST_CASE("lexer: logical lines, indentation and implicit joining", "[lexer]") {
  using T = Tok;
  CHECK(kinds("x = 1\n") ==
        std::vector<Tok>{T::Name, T::Equal, T::Number, T::Newline, T::EndMarker});
  CHECK(kinds("if x:\n    y\nz\n") ==
        std::vector<Tok>{T::KwIf, T::Name, T::Colon, T::Newline, T::Indent, T::Name, T::Newline,
                         T::Dedent, T::Name, T::Newline, T::EndMarker});
  // Newlines inside brackets and after a backslash are not tokens; blank and
  // comment-only lines produce nothing.
  CHECK(kinds("f(1,\n  2)\n\n# c\n  # d\nx = 1 + \\\n 2") ==
        std::vector<Tok>{T::Name, T::LPar, T::Number, T::Comma, T::Number, T::RPar, T::Newline,
                         T::Name, T::Equal, T::Number, T::Plus, T::Number, T::Newline,
                         T::EndMarker});
  // End of file closes every open block, even without a final newline.
  CHECK(kinds("if a:\n  if b:\n    c") ==
        std::vector<Tok>{T::KwIf, T::Name, T::Colon, T::Newline, T::Indent, T::KwIf, T::Name,
                         T::Colon, T::Newline, T::Indent, T::Name, T::Newline, T::Dedent,
                         T::Dedent, T::EndMarker});
  CHECK(kinds("") == std::vector<Tok>{T::EndMarker});
  CHECK(kinds("# only a comment") == std::vector<Tok>{T::EndMarker});
}

TEST_CASE("lexer: operators", "[lexer]") {
  using T = Tok;
  CHECK(kinds("a := b -> c **= d //= e >>= f <<= g @ h @= i ... j != k") ==
        std::vector<Tok>{T::Name, T::ColonEqual, T::Name, T::RArrow, T::Name, T::DoubleStarEqual,
                         T::Name, T::DoubleSlashEqual, T::Name, T::RightShiftEqual, T::Name,
                         T::LeftShiftEqual, T::Name, T::At, T::Name, T::AtEqual, T::Name,
                         T::Ellipsis, T::Name, T::NotEqual, T::Name, T::Newline, T::EndMarker});
  CHECK(kinds("** // >> << <= >= == ~ ^ | & % . ; :") ==
        std::vector<Tok>{T::DoubleStar, T::DoubleSlash, T::RightShift, T::LeftShift, T::LessEqual,
                         T::GreaterEqual, T::EqEqual, T::Tilde, T::Circumflex, T::VBar, T::Amper,
                         T::Percent, T::Dot, T::Semi, T::Colon, T::Newline, T::EndMarker});
  // Keywords are their own kinds; soft keywords are names.
  CHECK(kinds("lambda match case _ None") ==
        std::vector<Tok>{T::KwLambda, T::Name, T::Name, T::Name, T::KwNone, T::Newline,
                         T::EndMarker});
}

TEST_CASE("lexer: numbers", "[lexer]") {
  spindle::LexResult lex = spindle::tokenize("0x_Ff 0o17 0b101 1_000 9223372036854775807 1. .5 1e3 2.5E-1");
  REQUIRE(!lex.error);
  const auto& t = lex.tokens;
  CHECK(t[0].int_value == 255);
  CHECK(t[1].int_value == 15);
  CHECK(t[2].int_value == 5);
  CHECK(t[3].int_value == 1000);
  CHECK(t[4].int_value == INT64_MAX);
  CHECK(t[5].is_float);
  CHECK(t[5].float_value == 1.0);
  CHECK(t[6].float_value == 0.5);
  CHECK(t[7].float_value == 1000.0);
  CHECK(t[8].float_value == 0.25);
  CHECK(!t[4].is_float);
}

TEST_CASE("lexer: string prefixes and escapes", "[lexer]") {
  spindle::LexResult lex =
      spindle::tokenize(R"(r'\n' u'x' '\x41\101\u00e9\U0001F600\0' f'{a}' Rf'b' fR'\n{c}')");
  REQUIRE(!lex.error);
  const auto& t = lex.tokens;
  CHECK(t[0].value() == "\\n");
  CHECK(t[0].is_raw);
  CHECK(t[1].value() == "x");
  CHECK(t[2].value() == std::string("AA\xC3\xA9\xF0\x9F\x98\x80\0", 9));
  CHECK(t[3].is_fstring);
  CHECK(t[3].body() == "{a}");
  CHECK(t[3].body_col() == 42);
  CHECK(t[4].is_fstring);
  CHECK(t[4].is_raw);
  CHECK(t[5].body() == "\\n{c}");

  std::string out, error;
  CHECK(spindle::decode_escapes("a\\tb\\\nc\\q", out, error));
  CHECK(out == "a\tbc\\q");
  out.clear();
  CHECK(!spindle::decode_escapes("\\x4", out, error));
  CHECK(error.find("truncated \\xXX escape") != std::string::npos);
}

TEST_CASE("lexer: source normalization", "[lexer]") {
  CHECK(spindle::normalize_source("\xEF\xBB\xBFx\r\ny\rz").text == "x\ny\nz");
  auto bad = spindle::normalize_source("x = 1\ny = '\xff'\n");
  REQUIRE(bad.error);
  CHECK(bad.error->line == 2);
  CHECK(bad.error->message.rfind("Non-UTF-8 code starting with '\\xff' on line 2", 0) == 0);
  auto nul = spindle::normalize_source(std::string_view("x\0", 2));
  REQUIRE(nul.error);
  CHECK(nul.error->message == "source code cannot contain null bytes");
}

// ---- parser: whole-file behaviour ---------------------------------------------

TEST_CASE("parser: empty files and line endings", "[parser]") {
  CHECK(dump_of("") == "Module(body=[])");
  CHECK(dump_of("\n\n") == "Module(body=[])");
  CHECK(dump_of("# just a comment") == "Module(body=[])");
  CHECK(dump_of("  # indented comment\n\n# another\n") == "Module(body=[])");
  CHECK(dump_of("x = 1") == "Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1))])");
  CHECK(dump_of("if x:\n    y") == "Module(body=[If(test=Name(id='x'), body=[Expr(value=Name(id='y'))], orelse=[])])");
  CHECK(dump_of("x = 1  # no newline after comment") ==
        "Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1))])");
  // BOM, CRLF and lone CR.
  CHECK(dump_of("\xEF\xBB\xBFif x:\r\n    y = '''a\r\nb'''\r\n") ==
        "Module(body=[If(test=Name(id='x'), body=[Assign(targets=[Name(id='y')], value=Constant(value='a\\nb'))], orelse=[])])");
  CHECK(dump_of("x = 1\ry = 2\r") ==
        "Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1)), Assign(targets=[Name(id='y')], value=Constant(value=2))])");
}

TEST_CASE("parser: tabs count to the next multiple of 8", "[parser]") {
  // A tab block and an 8-space block are different blocks but each is
  // consistent; mixing them within one block is a TabError as in CPython.
  CHECK(dump_of("if a:\n\tx = 1\nif b:\n        y = 2\n") ==
        "Module(body=[If(test=Name(id='a'), body=[Assign(targets=[Name(id='x')], value=Constant(value=1))], orelse=[]), "
        "If(test=Name(id='b'), body=[Assign(targets=[Name(id='y')], value=Constant(value=2))], orelse=[])])");
  CHECK(dump_of("if a:\n\tif b:\n\t\tx\n\ty\n") ==
        "Module(body=[If(test=Name(id='a'), body=[If(test=Name(id='b'), body=[Expr(value=Name(id='x'))], orelse=[]), "
        "Expr(value=Name(id='y'))], orelse=[])])");
  check_error("if a:\n  \tx\n\ty\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1);
}

TEST_CASE("parser: error info carries filename and offending line", "[parser]") {
  ParseResult r = parse_module("x = 1\r\ny = (1 2\r\nz = 3\r\n", "prog.py");
  REQUIRE(r.error);
  CHECK(r.error->filename == "prog.py");
  CHECK(r.error->line == 2);
  CHECK(r.error->line_text == "y = (1 2");
  ParseResult ok = parse_module("x = 1\n", "prog.py");
  CHECK(!ok.error);
  REQUIRE(ok.module);
  CHECK(ok.module->body.size() == 1);
}

TEST_CASE("parser: deep nesting is an error, not a crash", "[parser]") {
  CHECK(error_message(std::string(1000, '(') + "1" + std::string(1000, ')')) ==
        "too many nested parentheses");
  CHECK(error_message("x = " + std::string(1000, '[') + std::string(1000, ']')) ==
        "too many nested parentheses");
  CHECK(dump_of(std::string(150, '(') + "1" + std::string(150, ')')) ==
        "Module(body=[Expr(value=Constant(value=1))])");
  CHECK(error_message(std::string(100000, '-') + "1") == "expression too deeply nested");
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  CHECK(error_message(nots + "x") == "expression too deeply nested");
  std::string lambdas;
  for (int i = 0; i < 3000; ++i) lambdas += "lambda: ";
  CHECK(error_message(lambdas + "1") == "expression too deeply nested");
  std::string sum = "a";
  for (int i = 0; i < 20000; ++i) sum += "+a";
  CHECK(error_message(sum) == "expression too deeply nested");
  std::string pow = "2";
  for (int i = 0; i < 20000; ++i) pow += "**2";
  CHECK(error_message(pow) == "expression too deeply nested");
  std::string attrs = "a";
  for (int i = 0; i < 20000; ++i) attrs += ".b";
  CHECK(error_message(attrs) == "expression too deeply nested");

  auto nested_ifs = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(static_cast<size_t>(i), ' ') + "if x:\n";
    return s + std::string(static_cast<size_t>(n), ' ') + "pass\n";
  };
  CHECK(error_message(nested_ifs(150)) == "too many statically nested blocks");
  CHECK(dump_of(nested_ifs(50)).rfind("Module(body=[If(", 0) == 0);
  // Long flat constructs are fine.
  std::string cmp = "a";
  for (int i = 0; i < 20000; ++i) cmp += " < a";
  CHECK(error_message(cmp) == "no error");
  std::string list = "x = [";
  for (int i = 0; i < 50000; ++i) list += "1, ";
  CHECK(error_message(list + "]") == "no error");
}

TEST_CASE("parser: node fields", "[parser]") {
  ParseResult r = parse_module(
      "@dec\ndef f(a, /, b=1, *c, d, e=2, **g):\n    return -9223372036854775807, 1.5, 'é'\n",
      "<t>");
  REQUIRE(r.module);
  REQUIRE(r.module->body.size() == 1);
  const auto& f = static_cast<const spindle::ast::FunctionDef&>(*r.module->body[0]);
  CHECK(f.kind == spindle::ast::StmtKind::FunctionDef);
  CHECK(f.pos.line == 2);  // the `def` line, not the decorator's
  CHECK(f.pos.col == 0);
  CHECK(f.decorators.size() == 1);
  CHECK(f.args.posonlyargs.size() == 1);
  CHECK(f.args.args.size() == 1);
  CHECK(f.args.defaults.size() == 1);
  REQUIRE(f.args.vararg);
  CHECK(f.args.vararg->name == "c");
  CHECK(f.args.kwonlyargs.size() == 2);
  REQUIRE(f.args.kw_defaults.size() == 2);
  CHECK(f.args.kw_defaults[0] == nullptr);
  CHECK(f.args.kw_defaults[1] != nullptr);
  REQUIRE(f.args.kwarg);
  CHECK(f.args.kwarg->pos.col == 31);  // the name, as in CPython
  const auto& ret = static_cast<const spindle::ast::Return&>(*f.body[0]);
  const auto& tup = static_cast<const spindle::ast::Sequence&>(*ret.value);
  REQUIRE(tup.elts.size() == 3);
  const auto& neg = static_cast<const spindle::ast::UnaryOp&>(*tup.elts[0]);
  CHECK(static_cast<const spindle::ast::Constant&>(*neg.operand).int_value == INT64_MAX);
  CHECK(static_cast<const spindle::ast::Constant&>(*tup.elts[1]).float_value == 1.5);
  CHECK(static_cast<const spindle::ast::Constant&>(*tup.elts[2]).str_value == "\xC3\xA9");
}

TEST_CASE("parser: f-string pieces", "[parser]") {
  ParseResult r = parse_module("f'{x=}' f'{y!a:>{w}}'\n", "<t>");
  REQUIRE(r.module);
  const auto& stmt = static_cast<const spindle::ast::ExprStmt&>(*r.module->body[0]);
  const auto& js = static_cast<const spindle::ast::JoinedStr&>(*stmt.value);
  REQUIRE(js.values.size() == 3);
  CHECK(static_cast<const spindle::ast::Constant&>(*js.values[0]).str_value == "x=");
  const auto& x = static_cast<const spindle::ast::FormattedValue&>(*js.values[1]);
  CHECK(x.conversion == 'r');
  CHECK(x.value->pos.col == 3);
  const auto& y = static_cast<const spindle::ast::FormattedValue&>(*js.values[2]);
  CHECK(y.conversion == 'a');
  REQUIRE(y.format_spec);
  CHECK(y.format_spec->kind == spindle::ast::ExprKind::JoinedStr);
  CHECK(y.value->pos.col == 11);
}

TEST_CASE("parser: errors at unusual places", "[parser][errors]") {
  check_error(std::string_view("x = 1\n\0", 7), "SyntaxError", "source code cannot contain null bytes", 2, 1);
  check_error("x = \x01", "SyntaxError", "invalid non-printable character U+0001", 1, 5);
  // Tokenizer errors win over an earlier parser error, as in CPython...
  check_error("a b\nx = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 2)", 2, 5);
  // ...but an indentation error only counts once the parser reaches it.
  check_error("a b\nif x:\n    y\n  z\n", "SyntaxError", "invalid syntax", 1, 3);
  // Compile-time errors only show if the whole file parses.
  check_error("return 1\nx = (1 2)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 2, 6);
  check_error("x = 1\nreturn 1\n", "SyntaxError", "'return' outside function", 2, 1);
  // Unsupported constructs are reported where the parser meets them.
  check_error("a b\nx = 1j\n", "SyntaxError", "invalid syntax", 1, 3);
  check_error("x = f'{1 +}' b'z'\n", "SyntaxError", "f-string: invalid syntax", 1, 11);
  check_error("x = f'{a!r:{b!x}}'\n", "SyntaxError",
              "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 15);
  check_error("x = f'\\N{DASH} {a}'\n", "SyntaxError", "\\N{...} escapes are not supported yet", 1, 20);
}

TEST_CASE("parser: 10k lines parse quickly", "[parser][perf]") {
  std::string src;
  for (int i = 0; i < 1000; ++i) {
    const std::string n = std::to_string(i);
    src += "def func_" + n + "(a, b=1, *args, **kw):\n";
    src += "    \"\"\"Docstring " + n + ".\"\"\"\n";
    src += "    x = [a * i + b for i in range(10) if i % 2]\n";
    src += "    if x and a > b or not kw:\n";
    src += "        return {'k': x, 'v': f'{a!r} {b:>10}'}\n";
    src += "    for k, v in kw.items():\n";
    src += "        print(k, v, sep=', ', end='\\n')\n";
    src += "    try:\n        pass\n    except (ValueError, TypeError) as e:\n";
    src += "        raise RuntimeError('x') from e\n";
  }
  const auto start = std::chrono::steady_clock::now();
  ParseResult r = parse_module(src, "big.py");
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(r.module);
  CHECK(r.module->body.size() == 1000);
  // Generous bound so unoptimized builds pass; an -O2 build takes a few ms.
  CHECK(ms < 2000);
}

// ---- parser: constructs compared with CPython ----------------------------------

TEST_CASE("parser: assignments and tuples", "[parser]") {
  CHECK(dump_of(R"PY(a, b = b, a)PY") ==
        R"PY(Module(body=[Assign(targets=[Tuple(elts=[Name(id='a'), Name(id='b')])], value=Tuple(elts=[Name(id='b'), Name(id='a')]))]))PY");
  CHECK(dump_of(R"PY(x = 1,)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[Constant(value=1)]))]))PY");
  CHECK(dump_of(R"PY(x = ())PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[]))]))PY");
  CHECK(dump_of(R"PY(x = (1))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(x = (1,))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[Constant(value=1)]))]))PY");
  CHECK(dump_of(R"PY(a = b = c = 1)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='a'), Name(id='b'), Name(id='c')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(a, *b = c)PY") ==
        R"PY(Module(body=[Assign(targets=[Tuple(elts=[Name(id='a'), Starred(value=Name(id='b'))])], value=Name(id='c'))]))PY");
  CHECK(dump_of(R"PY([a, *b] = c)PY") ==
        R"PY(Module(body=[Assign(targets=[List(elts=[Name(id='a'), Starred(value=Name(id='b'))])], value=Name(id='c'))]))PY");
  CHECK(dump_of(R"PY((a, (b, *c)) = d)PY") ==
        R"PY(Module(body=[Assign(targets=[Tuple(elts=[Name(id='a'), Tuple(elts=[Name(id='b'), Starred(value=Name(id='c'))])])], value=Name(id='d'))]))PY");
  CHECK(dump_of(R"PY(a.b = 1; c[1:2, ::3] = 2)PY") ==
        R"PY(Module(body=[Assign(targets=[Attribute(value=Name(id='a'), attr='b')], value=Constant(value=1)), Assign(targets=[Subscript(value=Name(id='c'), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3))]))], value=Constant(value=2))]))PY");
  CHECK(dump_of(R"PY(x = *a, *b)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[Starred(value=Name(id='a')), Starred(value=Name(id='b'))]))]))PY");
  CHECK(dump_of(R"PY(f(a)[b] = 1)PY") ==
        R"PY(Module(body=[Assign(targets=[Subscript(value=Call(func=Name(id='f'), args=[Name(id='a')], keywords=[]), slice=Name(id='b'))], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(f().x = 1)PY") ==
        R"PY(Module(body=[Assign(targets=[Attribute(value=Call(func=Name(id='f'), args=[], keywords=[]), attr='x')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(x = 1 if a else 2, 3)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[IfExp(test=Name(id='a'), body=Constant(value=1), orelse=Constant(value=2)), Constant(value=3)]))]))PY");
  CHECK(dump_of(R"PY(a, b = c, d = e)PY") ==
        R"PY(Module(body=[Assign(targets=[Tuple(elts=[Name(id='a'), Name(id='b')]), Tuple(elts=[Name(id='c'), Name(id='d')])], value=Name(id='e'))]))PY");
}

TEST_CASE("parser: augmented and annotated assignment", "[parser]") {
  CHECK(dump_of(R"PY(x += 1; y -= 2; z *= 3; w /= 4; v //= 5; u %= 6; t **= 7; s >>= 8; r <<= 9; q &= 10; p |= 11; o ^= 12; n @= 13)PY") ==
        R"PY(Module(body=[AugAssign(target=Name(id='x'), op=Add(), value=Constant(value=1)), AugAssign(target=Name(id='y'), op=Sub(), value=Constant(value=2)), AugAssign(target=Name(id='z'), op=Mult(), value=Constant(value=3)), AugAssign(target=Name(id='w'), op=Div(), value=Constant(value=4)), AugAssign(target=Name(id='v'), op=FloorDiv(), value=Constant(value=5)), AugAssign(target=Name(id='u'), op=Mod(), value=Constant(value=6)), AugAssign(target=Name(id='t'), op=Pow(), value=Constant(value=7)), AugAssign(target=Name(id='s'), op=RShift(), value=Constant(value=8)), AugAssign(target=Name(id='r'), op=LShift(), value=Constant(value=9)), AugAssign(target=Name(id='q'), op=BitAnd(), value=Constant(value=10)), AugAssign(target=Name(id='p'), op=BitOr(), value=Constant(value=11)), AugAssign(target=Name(id='o'), op=BitXor(), value=Constant(value=12)), AugAssign(target=Name(id='n'), op=MatMult(), value=Constant(value=13))]))PY");
  CHECK(dump_of(R"PY(x: int)PY") ==
        R"PY(Module(body=[AnnAssign(target=Name(id='x'))]))PY");
  CHECK(dump_of(R"PY(x: int = 1)PY") ==
        R"PY(Module(body=[AnnAssign(target=Name(id='x'), value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(a.b: list[int] = [])PY") ==
        R"PY(Module(body=[AnnAssign(target=Attribute(value=Name(id='a'), attr='b'), value=List(elts=[]))]))PY");
  CHECK(dump_of(R"PY((x): int = 1)PY") ==
        R"PY(Module(body=[AnnAssign(target=Name(id='x'), value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(x[0]: int)PY") ==
        R"PY(Module(body=[AnnAssign(target=Subscript(value=Name(id='x'), slice=Constant(value=0)))]))PY");
  CHECK(dump_of(R"PY(x: int = yield_)PY") ==
        R"PY(Module(body=[AnnAssign(target=Name(id='x'), value=Name(id='yield_'))]))PY");
}

TEST_CASE("parser: operator precedence", "[parser]") {
  CHECK(dump_of(R"PY(-2**2)PY") ==
        R"PY(Module(body=[Expr(value=UnaryOp(op=USub(), operand=BinOp(left=Constant(value=2), op=Pow(), right=Constant(value=2))))]))PY");
  CHECK(dump_of(R"PY(2**-1)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=Constant(value=2), op=Pow(), right=UnaryOp(op=USub(), operand=Constant(value=1))))]))PY");
  CHECK(dump_of(R"PY(2**3**4)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=Constant(value=2), op=Pow(), right=BinOp(left=Constant(value=3), op=Pow(), right=Constant(value=4))))]))PY");
  CHECK(dump_of(R"PY(-~+x)PY") ==
        R"PY(Module(body=[Expr(value=UnaryOp(op=USub(), operand=UnaryOp(op=Invert(), operand=UnaryOp(op=UAdd(), operand=Name(id='x')))))]))PY");
  CHECK(dump_of(R"PY(not not x)PY") ==
        R"PY(Module(body=[Expr(value=UnaryOp(op=Not(), operand=UnaryOp(op=Not(), operand=Name(id='x'))))]))PY");
  CHECK(dump_of(R"PY(a and b or c and not d)PY") ==
        R"PY(Module(body=[Expr(value=BoolOp(op=Or(), values=[BoolOp(op=And(), values=[Name(id='a'), Name(id='b')]), BoolOp(op=And(), values=[Name(id='c'), UnaryOp(op=Not(), operand=Name(id='d'))])]))]))PY");
  CHECK(dump_of(R"PY(a | b ^ c & d << e >> f + g - h * i / j // k % l @ m)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=Name(id='a'), op=BitOr(), right=BinOp(left=Name(id='b'), op=BitXor(), right=BinOp(left=Name(id='c'), op=BitAnd(), right=BinOp(left=BinOp(left=Name(id='d'), op=LShift(), right=Name(id='e')), op=RShift(), right=BinOp(left=BinOp(left=Name(id='f'), op=Add(), right=Name(id='g')), op=Sub(), right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id='h'), op=Mult(), right=Name(id='i')), op=Div(), right=Name(id='j')), op=FloorDiv(), right=Name(id='k')), op=Mod(), right=Name(id='l')), op=MatMult(), right=Name(id='m'))))))))]))PY");
  CHECK(dump_of(R"PY((a + b) * c)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=BinOp(left=Name(id='a'), op=Add(), right=Name(id='b')), op=Mult(), right=Name(id='c')))]))PY");
  CHECK(dump_of(R"PY(a - b - c)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=BinOp(left=Name(id='a'), op=Sub(), right=Name(id='b')), op=Sub(), right=Name(id='c')))]))PY");
  CHECK(dump_of(R"PY(a ** -b ** c)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=Name(id='a'), op=Pow(), right=UnaryOp(op=USub(), operand=BinOp(left=Name(id='b'), op=Pow(), right=Name(id='c')))))]))PY");
  CHECK(dump_of(R"PY(x = not a == b)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a'), ops=[Eq()], comparators=[Name(id='b')])))]))PY");
  CHECK(dump_of(R"PY(x = -a ** -b)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=UnaryOp(op=USub(), operand=BinOp(left=Name(id='a'), op=Pow(), right=UnaryOp(op=USub(), operand=Name(id='b')))))]))PY");
  CHECK(dump_of(R"PY(x = a if not b else c)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=IfExp(test=UnaryOp(op=Not(), operand=Name(id='b')), body=Name(id='a'), orelse=Name(id='c')))]))PY");
  CHECK(dump_of(R"PY(a or b or c)PY") ==
        R"PY(Module(body=[Expr(value=BoolOp(op=Or(), values=[Name(id='a'), Name(id='b'), Name(id='c')]))]))PY");
  CHECK(dump_of(R"PY(a and (b or c))PY") ==
        R"PY(Module(body=[Expr(value=BoolOp(op=And(), values=[Name(id='a'), BoolOp(op=Or(), values=[Name(id='b'), Name(id='c')])]))]))PY");
  CHECK(dump_of(R"PY(x = a if b else c if d else e)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=IfExp(test=Name(id='b'), body=Name(id='a'), orelse=IfExp(test=Name(id='d'), body=Name(id='c'), orelse=Name(id='e'))))]))PY");
  CHECK(dump_of(R"PY(x = a if b else lambda: c)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=IfExp(test=Name(id='b'), body=Name(id='a'), orelse=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Name(id='c'))))]))PY");
  CHECK(dump_of(R"PY(lambda: a if b else c)PY") ==
        R"PY(Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=IfExp(test=Name(id='b'), body=Name(id='a'), orelse=Name(id='c'))))]))PY");
}

TEST_CASE("parser: comparisons", "[parser]") {
  CHECK(dump_of(R"PY(a < b <= c == d != e > f >= g is h is not i in j not in k)PY") ==
        R"PY(Module(body=[Expr(value=Compare(left=Name(id='a'), ops=[Lt(), LtE(), Eq(), NotEq(), Gt(), GtE(), Is(), IsNot(), In(), NotIn()], comparators=[Name(id='b'), Name(id='c'), Name(id='d'), Name(id='e'), Name(id='f'), Name(id='g'), Name(id='h'), Name(id='i'), Name(id='j'), Name(id='k')]))]))PY");
  CHECK(dump_of(R"PY(x = 1 < 2 < 3)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Compare(left=Constant(value=1), ops=[Lt(), Lt()], comparators=[Constant(value=2), Constant(value=3)]))]))PY");
  CHECK(dump_of(R"PY(not a in b)PY") ==
        R"PY(Module(body=[Expr(value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a'), ops=[In()], comparators=[Name(id='b')])))]))PY");
  CHECK(dump_of(R"PY(a is not None)PY") ==
        R"PY(Module(body=[Expr(value=Compare(left=Name(id='a'), ops=[IsNot()], comparators=[Constant(value=None)]))]))PY");
}

TEST_CASE("parser: calls and arguments", "[parser]") {
  CHECK(dump_of(R"PY(f(*a, *b, c, d=1, **e, **f))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[Starred(value=Name(id='a')), Starred(value=Name(id='b')), Name(id='c')], keywords=[keyword(arg='d', value=Constant(value=1)), keyword(value=Name(id='e')), keyword(value=Name(id='f'))]))]))PY");
  CHECK(dump_of(R"PY(f(x for x in y))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[GeneratorExp(elt=Name(id='x'), generators=[comprehension(target=Name(id='x'), iter=Name(id='y'), ifs=[])])], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(f((x for x in y), 1))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[GeneratorExp(elt=Name(id='x'), generators=[comprehension(target=Name(id='x'), iter=Name(id='y'), ifs=[])]), Constant(value=1)], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(f(a, b=1, *c, **d))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[Name(id='a'), Starred(value=Name(id='c'))], keywords=[keyword(arg='b', value=Constant(value=1)), keyword(value=Name(id='d'))]))]))PY");
  CHECK(dump_of(R"PY(f(a,))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[Name(id='a')], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(f(*a,))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[Starred(value=Name(id='a'))], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(f(**a,))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[], keywords=[keyword(value=Name(id='a'))]))]))PY");
  CHECK(dump_of(R"PY(f(a)(b)(c))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Call(func=Call(func=Name(id='f'), args=[Name(id='a')], keywords=[]), args=[Name(id='b')], keywords=[]), args=[Name(id='c')], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(x = a.b(c).d[e:f:g])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Attribute(value=Call(func=Attribute(value=Name(id='a'), attr='b'), args=[Name(id='c')], keywords=[]), attr='d'), slice=Slice(lower=Name(id='e'), upper=Name(id='f'), step=Name(id='g'))))]))PY");
  CHECK(dump_of(R"PY(f(x := 1))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[NamedExpr(target=Name(id='x'), value=Constant(value=1))], keywords=[]))]))PY");
  CHECK(dump_of(R"PY(f(a, *b, c=1, *d))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f'), args=[Name(id='a'), Starred(value=Name(id='b')), Starred(value=Name(id='d'))], keywords=[keyword(arg='c', value=Constant(value=1))]))]))PY");
  CHECK(dump_of(R"PY(print >>sys.stderr, 'x')PY") ==
        R"PY(Module(body=[Expr(value=Tuple(elts=[BinOp(left=Name(id='print'), op=RShift(), right=Attribute(value=Name(id='sys'), attr='stderr')), Constant(value='x')]))]))PY");
}

TEST_CASE("parser: subscripts and slices", "[parser]") {
  CHECK(dump_of(R"PY(a[1:2, ::3, ...])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3)), Constant(value=Ellipsis)])))]))PY");
  CHECK(dump_of(R"PY(a[:])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Slice()))]))PY");
  CHECK(dump_of(R"PY(a[::])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Slice()))]))PY");
  CHECK(dump_of(R"PY(a[1:])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Slice(lower=Constant(value=1))))]))PY");
  CHECK(dump_of(R"PY(a[:, 1])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Slice(), Constant(value=1)])))]))PY");
  CHECK(dump_of(R"PY(a[1,])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Constant(value=1)])))]))PY");
  CHECK(dump_of(R"PY(a[(1, 2)])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Constant(value=1), Constant(value=2)])))]))PY");
  CHECK(dump_of(R"PY(x = a[b:=1])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Name(id='a'), slice=NamedExpr(target=Name(id='b'), value=Constant(value=1))))]))PY");
  CHECK(dump_of(R"PY(x = a[*b])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Starred(value=Name(id='b'))])))]))PY");
  CHECK(dump_of(R"PY(x = a[1:2, *b])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Name(id='a'), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Starred(value=Name(id='b'))])))]))PY");
  CHECK(dump_of(R"PY(x = a[b][c])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Subscript(value=Name(id='a'), slice=Name(id='b')), slice=Name(id='c')))]))PY");
  CHECK(dump_of(R"PY(a[::-1])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Slice(step=UnaryOp(op=USub(), operand=Constant(value=1)))))]))PY");
  CHECK(dump_of(R"PY(a[x:y:z])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a'), slice=Slice(lower=Name(id='x'), upper=Name(id='y'), step=Name(id='z'))))]))PY");
}

TEST_CASE("parser: displays and comprehensions", "[parser]") {
  CHECK(dump_of(R"PY(x = [1, *a, 2])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=List(elts=[Constant(value=1), Starred(value=Name(id='a')), Constant(value=2)]))]))PY");
  CHECK(dump_of(R"PY(x = (*a, *b))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[Starred(value=Name(id='a')), Starred(value=Name(id='b'))]))]))PY");
  CHECK(dump_of(R"PY(x = {*a, 1})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Set(elts=[Starred(value=Name(id='a')), Constant(value=1)]))]))PY");
  CHECK(dump_of(R"PY(x = {**a, 'b': 1, **c})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Dict(keys=[None, Constant(value='b'), None], values=[Name(id='a'), Constant(value=1), Name(id='c')]))]))PY");
  CHECK(dump_of(R"PY(x = {})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Dict(keys=[], values=[]))]))PY");
  CHECK(dump_of(R"PY(x = [])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=List(elts=[]))]))PY");
  CHECK(dump_of(R"PY(x = {1})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Set(elts=[Constant(value=1)]))]))PY");
  CHECK(dump_of(R"PY(x = [i * j for i in a if i for j in b if j if i < j])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=ListComp(elt=BinOp(left=Name(id='i'), op=Mult(), right=Name(id='j')), generators=[comprehension(target=Name(id='i'), iter=Name(id='a'), ifs=[Name(id='i')]), comprehension(target=Name(id='j'), iter=Name(id='b'), ifs=[Name(id='j'), Compare(left=Name(id='i'), ops=[Lt()], comparators=[Name(id='j')])])]))]))PY");
  CHECK(dump_of(R"PY(x = {i: j for i, j in a})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=DictComp(key=Name(id='i'), value=Name(id='j'), generators=[comprehension(target=Tuple(elts=[Name(id='i'), Name(id='j')]), iter=Name(id='a'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = {i for i in a})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=SetComp(elt=Name(id='i'), generators=[comprehension(target=Name(id='i'), iter=Name(id='a'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = (i for i in a for j in b))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=GeneratorExp(elt=Name(id='i'), generators=[comprehension(target=Name(id='i'), iter=Name(id='a'), ifs=[]), comprehension(target=Name(id='j'), iter=Name(id='b'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = [a for a, b in c])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=ListComp(elt=Name(id='a'), generators=[comprehension(target=Tuple(elts=[Name(id='a'), Name(id='b')]), iter=Name(id='c'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = [x for x in range(10) if x % 2 if x % 3])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=ListComp(elt=Name(id='x'), generators=[comprehension(target=Name(id='x'), iter=Call(func=Name(id='range'), args=[Constant(value=10)], keywords=[]), ifs=[BinOp(left=Name(id='x'), op=Mod(), right=Constant(value=2)), BinOp(left=Name(id='x'), op=Mod(), right=Constant(value=3))])]))]))PY");
  CHECK(dump_of(R"PY(x = (a for b in c if d if e for f in g))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=GeneratorExp(elt=Name(id='a'), generators=[comprehension(target=Name(id='b'), iter=Name(id='c'), ifs=[Name(id='d'), Name(id='e')]), comprehension(target=Name(id='f'), iter=Name(id='g'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = [[1, 2], [3, 4]][0][1])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Subscript(value=Subscript(value=List(elts=[List(elts=[Constant(value=1), Constant(value=2)]), List(elts=[Constant(value=3), Constant(value=4)])]), slice=Constant(value=0)), slice=Constant(value=1)))]))PY");
  CHECK(dump_of(R"PY(x = [
    1,
    2,
])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=List(elts=[Constant(value=1), Constant(value=2)]))]))PY");
  CHECK(dump_of(R"PY(x = {'a': 1, 'b': [2, 3],})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Dict(keys=[Constant(value='a'), Constant(value='b')], values=[Constant(value=1), List(elts=[Constant(value=2), Constant(value=3)])]))]))PY");
}

TEST_CASE("parser: lambda", "[parser]") {
  CHECK(dump_of(R"PY(f = lambda: 0)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='f')], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0)))]))PY");
  CHECK(dump_of(R"PY(f = lambda a, b=1, *c, d, e=2, **f: a)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='f')], value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='f'), defaults=[Constant(value=1)]), body=Name(id='a')))]))PY");
  CHECK(dump_of(R"PY(f = lambda a, /, b: a)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='f')], value=Lambda(args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Name(id='a')))]))PY");
  CHECK(dump_of(R"PY(f = lambda *, a: a)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='f')], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a')], kw_defaults=[None], defaults=[]), body=Name(id='a')))]))PY");
  CHECK(dump_of(R"PY(f = lambda *a, **k: a)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='f')], value=Lambda(args=arguments(posonlyargs=[], args=[], vararg=arg(arg='a'), kwonlyargs=[], kw_defaults=[], kwarg=arg(arg='k'), defaults=[]), body=Name(id='a')))]))PY");
  CHECK(dump_of(R"PY(lambda a,: a)PY") ==
        R"PY(Module(body=[Expr(value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Name(id='a')))]))PY");
  CHECK(dump_of(R"PY(x = lambda: (yield))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Yield()))]))PY");
}

TEST_CASE("parser: function definitions", "[parser]") {
  CHECK(dump_of(R"PY(def f(a, b: int = 1, /, c: str = '', *d: tuple, e, f: int = 2, **g: dict) -> None: pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a'), arg(arg='b')], args=[arg(arg='c')], vararg=arg(arg='d'), kwonlyargs=[arg(arg='e'), arg(arg='f')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='g'), defaults=[Constant(value=1), Constant(value='')]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(a=1, /, b=2): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], kwonlyargs=[], kw_defaults=[], defaults=[Constant(value=1), Constant(value=2)]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(*, a=1, b): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='a'), arg(arg='b')], kw_defaults=[Constant(value=1), None], defaults=[]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(a, *, b=1): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[arg(arg='b')], kw_defaults=[Constant(value=1)], defaults=[]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(**kwargs): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], kwarg=arg(arg='kwargs'), defaults=[]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(*args): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], vararg=arg(arg='args'), kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(a,): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(@a
@b.c(d)
@e[f]
def g(): pass)PY") ==
        R"PY(Module(body=[FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='a'), Call(func=Attribute(value=Name(id='b'), attr='c'), args=[Name(id='d')], keywords=[]), Subscript(value=Name(id='e'), slice=Name(id='f'))])]))PY");
  CHECK(dump_of(R"PY(def g():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield from z
    return (yield)
)PY") ==
        R"PY(Module(body=[FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Yield()), Expr(value=Yield(value=Constant(value=1))), Expr(value=Yield(value=Tuple(elts=[Constant(value=1), Constant(value=2)]))), Assign(targets=[Name(id='x')], value=Yield()), Assign(targets=[Name(id='y')], value=YieldFrom(value=Name(id='z'))), Return(value=Yield())], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f(): return *a, b)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Tuple(elts=[Starred(value=Name(id='a')), Name(id='b')]))], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f():
    global a, b
    def g():
        nonlocal c
)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Global(names=['a', 'b']), FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Nonlocal(names=['c'])], decorator_list=[])], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(def f():
    """Docstring."""
    return 1
)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Constant(value='Docstring.')), Return(value=Constant(value=1))], decorator_list=[])]))PY");
}

TEST_CASE("parser: classes", "[parser]") {
  CHECK(dump_of(R"PY(@dec
class A(B, C, metaclass=M, **kw):
    x: int = 1
    y: str
)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[Name(id='B'), Name(id='C')], keywords=[keyword(arg='metaclass', value=Name(id='M')), keyword(value=Name(id='kw'))], body=[AnnAssign(target=Name(id='x'), value=Constant(value=1)), AnnAssign(target=Name(id='y'))], decorator_list=[Name(id='dec')])]))PY");
  CHECK(dump_of(R"PY(class A: pass)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(class A(): pass)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(class A(*b): pass)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[Starred(value=Name(id='b'))], keywords=[], body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(class A:
    def f(self):
        pass

    def g(self):
        return self.f()
)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='self')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[]), FunctionDef(name='g', args=arguments(posonlyargs=[], args=[arg(arg='self')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Call(func=Attribute(value=Name(id='self'), attr='f'), args=[], keywords=[]))], decorator_list=[])], decorator_list=[])]))PY");
}

TEST_CASE("parser: control flow", "[parser]") {
  CHECK(dump_of(R"PY(if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass
)PY") ==
        R"PY(Module(body=[If(test=Name(id='a'), body=[Pass()], orelse=[If(test=Name(id='b'), body=[Pass()], orelse=[If(test=Name(id='c'), body=[Pass()], orelse=[Pass()])])])]))PY");
  CHECK(dump_of(R"PY(while x:
    break
else:
    y = 1
)PY") ==
        R"PY(Module(body=[While(test=Name(id='x'), body=[Break()], orelse=[Assign(targets=[Name(id='y')], value=Constant(value=1))])]))PY");
  CHECK(dump_of(R"PY(for x in y:
    continue
else:
    pass
)PY") ==
        R"PY(Module(body=[For(target=Name(id='x'), iter=Name(id='y'), body=[Continue()], orelse=[Pass()])]))PY");
  CHECK(dump_of(R"PY(for k, v in d.items(): pass)PY") ==
        R"PY(Module(body=[For(target=Tuple(elts=[Name(id='k'), Name(id='v')]), iter=Call(func=Attribute(value=Name(id='d'), attr='items'), args=[], keywords=[]), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(for (a, b) in c: pass)PY") ==
        R"PY(Module(body=[For(target=Tuple(elts=[Name(id='a'), Name(id='b')]), iter=Name(id='c'), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(for [a, b] in c: pass)PY") ==
        R"PY(Module(body=[For(target=List(elts=[Name(id='a'), Name(id='b')]), iter=Name(id='c'), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(for a, in b: pass)PY") ==
        R"PY(Module(body=[For(target=Tuple(elts=[Name(id='a')]), iter=Name(id='b'), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(for x in *a, *b: pass)PY") ==
        R"PY(Module(body=[For(target=Name(id='x'), iter=Tuple(elts=[Starred(value=Name(id='a')), Starred(value=Name(id='b'))]), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(if x: y; z)PY") ==
        R"PY(Module(body=[If(test=Name(id='x'), body=[Expr(value=Name(id='y')), Expr(value=Name(id='z'))], orelse=[])]))PY");
  CHECK(dump_of(R"PY(x = 1; y = 2;)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1)), Assign(targets=[Name(id='y')], value=Constant(value=2))]))PY");
  CHECK(dump_of(R"PY(if (n := len(a)) > 10: pass)PY") ==
        R"PY(Module(body=[If(test=Compare(left=NamedExpr(target=Name(id='n'), value=Call(func=Name(id='len'), args=[Name(id='a')], keywords=[])), ops=[Gt()], comparators=[Constant(value=10)]), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(while (line := f()) != '': pass)PY") ==
        R"PY(Module(body=[While(test=Compare(left=NamedExpr(target=Name(id='line'), value=Call(func=Name(id='f'), args=[], keywords=[])), ops=[NotEq()], comparators=[Constant(value='')]), body=[Pass()], orelse=[])]))PY");
  CHECK(dump_of(R"PY(if 1: pass
elif 2: pass
else: pass)PY") ==
        R"PY(Module(body=[If(test=Constant(value=1), body=[Pass()], orelse=[If(test=Constant(value=2), body=[Pass()], orelse=[Pass()])])]))PY");
}

TEST_CASE("parser: try and with", "[parser]") {
  CHECK(dump_of(R"PY(try:
    pass
except (A, B) as e:
    pass
except C:
    pass
except:
    pass
else:
    pass
finally:
    pass
)PY") ==
        R"PY(Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A'), Name(id='B')]), name='e', body=[Pass()]), ExceptHandler(type=Name(id='C'), body=[Pass()]), ExceptHandler(body=[Pass()])], orelse=[Pass()], finalbody=[Pass()])]))PY");
  CHECK(dump_of(R"PY(try:
    pass
finally:
    pass
)PY") ==
        R"PY(Module(body=[Try(body=[Pass()], handlers=[], orelse=[], finalbody=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with a as b, c as (d, e), f:
    pass
)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Name(id='a'), optional_vars=Name(id='b')), withitem(context_expr=Name(id='c'), optional_vars=Tuple(elts=[Name(id='d'), Name(id='e')])), withitem(context_expr=Name(id='f'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with (a as b, c as d):
    pass
)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Name(id='a'), optional_vars=Name(id='b')), withitem(context_expr=Name(id='c'), optional_vars=Name(id='d'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with (a, b):
    pass
)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Name(id='a')), withitem(context_expr=Name(id='b'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with (a, b) as c:
    pass
)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Tuple(elts=[Name(id='a'), Name(id='b')]), optional_vars=Name(id='c'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with (a as b, c as d,):
    pass
)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Name(id='a'), optional_vars=Name(id='b')), withitem(context_expr=Name(id='c'), optional_vars=Name(id='d'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with (open(x)) as f: pass)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Call(func=Name(id='open'), args=[Name(id='x')], keywords=[]), optional_vars=Name(id='f'))], body=[Pass()])]))PY");
  CHECK(dump_of(R"PY(with a as b.c, d as e[0]: pass)PY") ==
        R"PY(Module(body=[With(items=[withitem(context_expr=Name(id='a'), optional_vars=Attribute(value=Name(id='b'), attr='c')), withitem(context_expr=Name(id='d'), optional_vars=Subscript(value=Name(id='e'), slice=Constant(value=0)))], body=[Pass()])]))PY");
}

TEST_CASE("parser: simple statements", "[parser]") {
  CHECK(dump_of(R"PY(assert x, 'msg')PY") ==
        R"PY(Module(body=[Assert(test=Name(id='x'), msg=Constant(value='msg'))]))PY");
  CHECK(dump_of(R"PY(assert x)PY") ==
        R"PY(Module(body=[Assert(test=Name(id='x'))]))PY");
  CHECK(dump_of(R"PY(raise X from Y)PY") ==
        R"PY(Module(body=[Raise(exc=Name(id='X'), cause=Name(id='Y'))]))PY");
  CHECK(dump_of(R"PY(raise)PY") ==
        R"PY(Module(body=[Raise()]))PY");
  CHECK(dump_of(R"PY(raise X)PY") ==
        R"PY(Module(body=[Raise(exc=Name(id='X'))]))PY");
  CHECK(dump_of(R"PY(del a, b[0], c.d, (e, f), [g])PY") ==
        R"PY(Module(body=[Delete(targets=[Name(id='a'), Subscript(value=Name(id='b'), slice=Constant(value=0)), Attribute(value=Name(id='c'), attr='d'), Tuple(elts=[Name(id='e'), Name(id='f')]), List(elts=[Name(id='g')])])]))PY");
  CHECK(dump_of(R"PY(del x,)PY") ==
        R"PY(Module(body=[Delete(targets=[Name(id='x')])]))PY");
  CHECK(dump_of(R"PY(import a.b.c as d, e)PY") ==
        R"PY(Module(body=[Import(names=[alias(name='a.b.c', asname='d'), alias(name='e')])]))PY");
  CHECK(dump_of(R"PY(import os)PY") ==
        R"PY(Module(body=[Import(names=[alias(name='os')])]))PY");
  CHECK(dump_of(R"PY(from .m import a as b, c)PY") ==
        R"PY(Module(body=[ImportFrom(module='m', names=[alias(name='a', asname='b'), alias(name='c')], level=1)]))PY");
  CHECK(dump_of(R"PY(from . import (a, b,))PY") ==
        R"PY(Module(body=[ImportFrom(names=[alias(name='a'), alias(name='b')], level=1)]))PY");
  CHECK(dump_of(R"PY(from ..a.b import *)PY") ==
        R"PY(Module(body=[ImportFrom(module='a.b', names=[alias(name='*')], level=2)]))PY");
  CHECK(dump_of(R"PY(from ... import x)PY") ==
        R"PY(Module(body=[ImportFrom(names=[alias(name='x')], level=3)]))PY");
  CHECK(dump_of(R"PY(from .... import x)PY") ==
        R"PY(Module(body=[ImportFrom(names=[alias(name='x')], level=4)]))PY");
  CHECK(dump_of(R"PY(from os import path, sep)PY") ==
        R"PY(Module(body=[ImportFrom(module='os', names=[alias(name='path'), alias(name='sep')], level=0)]))PY");
  CHECK(dump_of(R"PY(global x)PY") ==
        R"PY(Module(body=[Global(names=['x'])]))PY");
  CHECK(dump_of(R"PY(pass)PY") ==
        R"PY(Module(body=[Pass()]))PY");
  CHECK(dump_of(R"PY(x)PY") ==
        R"PY(Module(body=[Expr(value=Name(id='x'))]))PY");
  CHECK(dump_of(R"PY("""docstring""")PY") ==
        R"PY(Module(body=[Expr(value=Constant(value='docstring'))]))PY");
}

TEST_CASE("parser: soft keywords stay names", "[parser]") {
  CHECK(dump_of(R"PY(match = 1
match.x = 2
match[1] = 3
match(1)
print(match)
case = 2
_ = 3
type = 4
)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='match')], value=Constant(value=1)), Assign(targets=[Attribute(value=Name(id='match'), attr='x')], value=Constant(value=2)), Assign(targets=[Subscript(value=Name(id='match'), slice=Constant(value=1))], value=Constant(value=3)), Expr(value=Call(func=Name(id='match'), args=[Constant(value=1)], keywords=[])), Expr(value=Call(func=Name(id='print'), args=[Name(id='match')], keywords=[])), Assign(targets=[Name(id='case')], value=Constant(value=2)), Assign(targets=[Name(id='_')], value=Constant(value=3)), Assign(targets=[Name(id='type')], value=Constant(value=4))]))PY");
  CHECK(dump_of(R"PY(match, x = 1, 2)PY") ==
        R"PY(Module(body=[Assign(targets=[Tuple(elts=[Name(id='match'), Name(id='x')])], value=Tuple(elts=[Constant(value=1), Constant(value=2)]))]))PY");
  CHECK(dump_of(R"PY(match -x)PY") ==
        R"PY(Module(body=[Expr(value=BinOp(left=Name(id='match'), op=Sub(), right=Name(id='x')))]))PY");
  CHECK(dump_of(R"PY(match *a, b)PY") ==
        R"PY(Module(body=[Expr(value=Tuple(elts=[BinOp(left=Name(id='match'), op=Mult(), right=Name(id='a')), Name(id='b')]))]))PY");
}

TEST_CASE("parser: numbers", "[parser]") {
  CHECK(dump_of(R"PY(x = 0x1F + 0o17 + 0b101 + 1_000 + 0 + 00 + 0_0 + 0x_ff)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=31), op=Add(), right=Constant(value=15)), op=Add(), right=Constant(value=5)), op=Add(), right=Constant(value=1000)), op=Add(), right=Constant(value=0)), op=Add(), right=Constant(value=0)), op=Add(), right=Constant(value=0)), op=Add(), right=Constant(value=255)))]))PY");
  CHECK(dump_of(R"PY(x = 9223372036854775807)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=9223372036854775807))]))PY");
  CHECK(dump_of(R"PY(x = 1.5 + 1. + .5 + 1e10 + 1.5e-3 + 1E+5 + 0.0 + 1e400 + 1_0.5_0 + 09.5 + 00.5 + 0e0)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=1.5), op=Add(), right=Constant(value=1.0)), op=Add(), right=Constant(value=0.5)), op=Add(), right=Constant(value=10000000000.0)), op=Add(), right=Constant(value=0.0015)), op=Add(), right=Constant(value=100000.0)), op=Add(), right=Constant(value=0.0)), op=Add(), right=Constant(value=inf)), op=Add(), right=Constant(value=10.5)), op=Add(), right=Constant(value=9.5)), op=Add(), right=Constant(value=0.5)), op=Add(), right=Constant(value=0.0)))]))PY");
  CHECK(dump_of(R"PY(x = 1e16 + 1e15 + 123456789012345678.0 + 1e-5 + 0.0001 + 5e-324 + 0.1)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Constant(value=1e+16), op=Add(), right=Constant(value=1000000000000000.0)), op=Add(), right=Constant(value=1.2345678901234568e+17)), op=Add(), right=Constant(value=1e-05)), op=Add(), right=Constant(value=0.0001)), op=Add(), right=Constant(value=5e-324)), op=Add(), right=Constant(value=0.1)))]))PY");
  CHECK(dump_of(R"PY(x = 1if 1else 2)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=IfExp(test=Constant(value=1), body=Constant(value=1), orelse=Constant(value=2)))]))PY");
  CHECK(dump_of(R"PY(x = [1for x in y])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=ListComp(elt=Constant(value=1), generators=[comprehension(target=Name(id='x'), iter=Name(id='y'), ifs=[])]))]))PY");
  CHECK(dump_of(R"PY(x = .5.real)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Attribute(value=Constant(value=0.5), attr='real'))]))PY");
  CHECK(dump_of(R"PY(x = 1 .real)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Attribute(value=Constant(value=1), attr='real'))]))PY");
}

TEST_CASE("parser: strings", "[parser]") {
  CHECK(dump_of(R"PY(x = 'a' "b" '''c''' """d""")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='abcd'))]))PY");
  CHECK(dump_of(R"PY(x = r'\n' R"\t")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='\\n\\t'))]))PY");
  CHECK(dump_of(R"PY(x = "\n\t\\\'\"\r\0\a\b\f\v\x41\101\u00e9\U0001F600\400")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='\n\t\\\'"\r\x00\x07\x08\x0c\x0bAAé😀Ā'))]))PY");
  CHECK(dump_of(R"PY(x = "\q\d")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='\\q\\d'))]))PY");
  CHECK(dump_of(R"PY(x = 'é日本')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='é日本'))]))PY");
  CHECK(dump_of(R"PY(日本 = 1)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='日本')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(x = '''a\
b''')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='ab'))]))PY");
  CHECK(dump_of(R"PY(x = 'a\
b')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='ab'))]))PY");
  CHECK(dump_of(R"PY(x = """a
b
c""")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='a\nb\nc'))]))PY");
  CHECK(dump_of(R"PY(x = u'x' U"y")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value='xy'))]))PY");
  CHECK(dump_of(R"PY(x = '')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=''))]))PY");
  CHECK(dump_of(R"PY(x = '\'')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value="'"))]))PY");
}

TEST_CASE("parser: f-strings", "[parser]") {
  CHECK(dump_of(R"PY(x = f'a{b}c{d!r}e{f:>10}g{h!s:{i}.{j}}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='b'), conversion=-1), Constant(value='c'), FormattedValue(value=Name(id='d'), conversion=114), Constant(value='e'), FormattedValue(value=Name(id='f'), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>10')])), Constant(value='g'), FormattedValue(value=Name(id='h'), conversion=115, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='i'), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='j'), conversion=-1)]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x=}' f'{y = !s}' f'{z=:>5}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x'), conversion=114), Constant(value='y = '), FormattedValue(value=Name(id='y'), conversion=115), Constant(value='z='), FormattedValue(value=Name(id='z'), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>5')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{{literal}}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='{literal}')]))]))PY");
  CHECK(dump_of(R"PY(x = f"{ {'a': 1}['a'] }")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Subscript(value=Dict(keys=[Constant(value='a')], values=[Constant(value=1)]), slice=Constant(value='a')), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:=5}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[Constant(value='=5')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{(x:=5)}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=NamedExpr(target=Name(id='x'), value=Constant(value=5)), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x == 1}' f'{x != 1}' f'{x<1}' f'{x>=1=}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x'), ops=[Eq()], comparators=[Constant(value=1)]), conversion=-1), FormattedValue(value=Compare(left=Name(id='x'), ops=[NotEq()], comparators=[Constant(value=1)]), conversion=-1), FormattedValue(value=Compare(left=Name(id='x'), ops=[Lt()], comparators=[Constant(value=1)]), conversion=-1), Constant(value='x>=1='), FormattedValue(value=Compare(left=Name(id='x'), ops=[GtE()], comparators=[Constant(value=1)]), conversion=114)]))]))PY");
  CHECK(dump_of(R"PY(x = f"""{
x
+ 1}""")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=BinOp(left=Name(id='x'), op=Add(), right=Constant(value=1)), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{a!r}{b!s:>{c}}{d!a}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='a'), conversion=114), FormattedValue(value=Name(id='b'), conversion=115, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='c'), conversion=-1)])), FormattedValue(value=Name(id='d'), conversion=97)]))]))PY");
  CHECK(dump_of(R"PY(x = rf'\n{x}\t')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='\\n'), FormattedValue(value=Name(id='x'), conversion=-1), Constant(value='\\t')]))]))PY");
  CHECK(dump_of(R"PY(x = f'\\{x}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='\\'), FormattedValue(value=Name(id='x'), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = fr'{x}\'')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1), Constant(value="\\'")]))]))PY");
  CHECK(dump_of(R"PY(x = f'a' f'{b}' 'c' f'{d!r}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='b'), conversion=-1), Constant(value='c'), FormattedValue(value=Name(id='d'), conversion=114)]))]))PY");
  CHECK(dump_of(R"PY(x = f'')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x!r:}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=114, format_spec=JoinedStr(values=[]))]))]))PY");
  CHECK(dump_of(R"PY(x = f"{'a' 'b'}")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Constant(value='ab'), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f"{f'{x}'}")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1)]), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x}' '' f'')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = F"{x:{'>'}10}")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Constant(value='>'), conversion=-1), Constant(value='10')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:%Y-%m-%d}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[Constant(value='%Y-%m-%d')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{3.14:.2f}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Constant(value=3.14), conversion=-1, format_spec=JoinedStr(values=[Constant(value='.2f')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f"{a['b']}")PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='a'), slice=Constant(value='b')), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{a[1:2]}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='a'), slice=Slice(lower=Constant(value=1), upper=Constant(value=2))), conversion=-1)]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:{{y}}}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Set(elts=[Name(id='y')]), conversion=-1)]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:a\nb}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[Constant(value='a\nb')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{x:{y}.{z}}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y'), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='z'), conversion=-1)]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'''a{b}
c{d
}e''')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='b'), conversion=-1), Constant(value='\nc'), FormattedValue(value=Name(id='d'), conversion=-1), Constant(value='e')]))]))PY");
  CHECK(dump_of(R"PY(def f(): x = f'{yield}')PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Yield(), conversion=-1)]))], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(x = f'{x!r:^{w}.{p}f}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='x'), conversion=114, format_spec=JoinedStr(values=[Constant(value='^'), FormattedValue(value=Name(id='w'), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='p'), conversion=-1), Constant(value='f')]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{a:{b}{c}}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='a'), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='b'), conversion=-1), FormattedValue(value=Name(id='c'), conversion=-1)]))]))]))PY");
  CHECK(dump_of(R"PY(x = f'{lambda_}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=JoinedStr(values=[FormattedValue(value=Name(id='lambda_'), conversion=-1)]))]))PY");
}

TEST_CASE("parser: line structure", "[parser]") {
  CHECK(dump_of(R"PY(x = (1 +
     2))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))]))PY");
  CHECK(dump_of(R"PY(x = 1 + \
    2)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2)))]))PY");
  CHECK(dump_of(R"PY(if x:
    # comment

    y = 1
        # weird comment
    z = 2
)PY") ==
        R"PY(Module(body=[If(test=Name(id='x'), body=[Assign(targets=[Name(id='y')], value=Constant(value=1)), Assign(targets=[Name(id='z')], value=Constant(value=2))], orelse=[])]))PY");
  CHECK(dump_of(R"PY(def f():
	return 1
)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Constant(value=1))], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(if x:
  if y:
    pass
  z = 1
w = 2
)PY") ==
        R"PY(Module(body=[If(test=Name(id='x'), body=[If(test=Name(id='y'), body=[Pass()], orelse=[]), Assign(targets=[Name(id='z')], value=Constant(value=1))], orelse=[]), Assign(targets=[Name(id='w')], value=Constant(value=2))]))PY");
  CHECK(dump_of(R"PY(


x = 1


)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(x = [1,
# comment
2])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=List(elts=[Constant(value=1), Constant(value=2)]))]))PY");
  CHECK(dump_of(R"PY(if True:
    x = (1,
  2)
    y = 3
)PY") ==
        R"PY(Module(body=[If(test=Constant(value=True), body=[Assign(targets=[Name(id='x')], value=Tuple(elts=[Constant(value=1), Constant(value=2)])), Assign(targets=[Name(id='y')], value=Constant(value=3))], orelse=[])]))PY");
  CHECK(dump_of(R"PY(x = 1  # trailing comment)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x')], value=Constant(value=1))]))PY");
  CHECK(dump_of(R"PY(class A:
    pass
# comment at end)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[])]))PY");
  CHECK(dump_of(R"PY(if x:
    pass
    
  
else:
    pass
)PY") ==
        R"PY(Module(body=[If(test=Name(id='x'), body=[Pass()], orelse=[Pass()])]))PY");
}

TEST_CASE("parser: positions", "[parser]") {
  CHECK(dump_pos(R"PY(x = (a + b) * c)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=BinOp(left=BinOp(left=Name(id='a', lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), op=Add(), right=Name(id='b', lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), lineno=1, col_offset=5, end_lineno=1, end_col_offset=10), op=Mult(), right=Name(id='c', lineno=1, col_offset=14, end_lineno=1, end_col_offset=15), lineno=1, col_offset=4, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = a.b.c(d)[e])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Subscript(value=Call(func=Attribute(value=Attribute(value=Name(id='a', lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), attr='b', lineno=1, col_offset=4, end_lineno=1, end_col_offset=7), attr='c', lineno=1, col_offset=4, end_lineno=1, end_col_offset=9), args=[Name(id='d', lineno=1, col_offset=10, end_lineno=1, end_col_offset=11)], keywords=[], lineno=1, col_offset=4, end_lineno=1, end_col_offset=12), slice=Name(id='e', lineno=1, col_offset=13, end_lineno=1, end_col_offset=14), lineno=1, col_offset=4, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(f(x for x in y))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='f', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1), args=[GeneratorExp(elt=Name(id='x', lineno=1, col_offset=2, end_lineno=1, end_col_offset=3), generators=[comprehension(target=Name(id='x', lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), iter=Name(id='y', lineno=1, col_offset=13, end_lineno=1, end_col_offset=14), ifs=[])], lineno=1, col_offset=1, end_lineno=1, end_col_offset=15)], keywords=[], lineno=1, col_offset=0, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = (1, 2))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Tuple(elts=[Constant(value=1, lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), Constant(value=2, lineno=1, col_offset=8, end_lineno=1, end_col_offset=9)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=10), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = 1, 2)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Tuple(elts=[Constant(value=1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), Constant(value=2, lineno=1, col_offset=7, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=8), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(a[1:2, 3])PY") ==
        R"PY(Module(body=[Expr(value=Subscript(value=Name(id='a', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1), slice=Tuple(elts=[Slice(lower=Constant(value=1, lineno=1, col_offset=2, end_lineno=1, end_col_offset=3), upper=Constant(value=2, lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), lineno=1, col_offset=2, end_lineno=1, end_col_offset=5), Constant(value=3, lineno=1, col_offset=7, end_lineno=1, end_col_offset=8)], lineno=1, col_offset=2, end_lineno=1, end_col_offset=8), lineno=1, col_offset=0, end_lineno=1, end_col_offset=9), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = f'{a}b{c!r}')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=JoinedStr(values=[FormattedValue(value=Name(id='a', lineno=1, col_offset=7, end_lineno=1, end_col_offset=8), conversion=-1, lineno=1, col_offset=4, end_lineno=1, end_col_offset=16), Constant(value='b', lineno=1, col_offset=4, end_lineno=1, end_col_offset=16), FormattedValue(value=Name(id='c', lineno=1, col_offset=11, end_lineno=1, end_col_offset=12), conversion=114, lineno=1, col_offset=4, end_lineno=1, end_col_offset=16)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=16), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(def f(a, *, b=1):
    return a
)PY") ==
        R"PY(Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a', lineno=1, col_offset=6)], kwonlyargs=[arg(arg='b', lineno=1, col_offset=12)], kw_defaults=[Constant(value=1, lineno=1, col_offset=14, end_lineno=1, end_col_offset=15)], defaults=[]), body=[Return(value=Name(id='a', lineno=2, col_offset=11, end_lineno=2, end_col_offset=12), lineno=2, col_offset=4)], decorator_list=[], lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(@d
class A(B):
    x: int = 1
)PY") ==
        R"PY(Module(body=[ClassDef(name='A', bases=[Name(id='B', lineno=2, col_offset=8, end_lineno=2, end_col_offset=9)], keywords=[], body=[AnnAssign(target=Name(id='x', lineno=3, col_offset=4, end_lineno=3, end_col_offset=5), value=Constant(value=1, lineno=3, col_offset=13, end_lineno=3, end_col_offset=14), lineno=3, col_offset=4)], decorator_list=[Name(id='d', lineno=1, col_offset=1, end_lineno=1, end_col_offset=2)], lineno=2, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(try:
    pass
except E as e:
    pass
)PY") ==
        R"PY(Module(body=[Try(body=[Pass(lineno=2, col_offset=4)], handlers=[ExceptHandler(type=Name(id='E', lineno=3, col_offset=7, end_lineno=3, end_col_offset=8), name='e', body=[Pass(lineno=4, col_offset=4)], lineno=3, col_offset=0)], orelse=[], finalbody=[], lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(import a.b as c
from . import (d as e)
)PY") ==
        R"PY(Module(body=[Import(names=[alias(name='a.b', asname='c', lineno=1, col_offset=7)], lineno=1, col_offset=0), ImportFrom(names=[alias(name='d', asname='e', lineno=2, col_offset=15)], level=1, lineno=2, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = [i for i in y if i]
z = {k: v for k, v in w}
)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=ListComp(elt=Name(id='i', lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), generators=[comprehension(target=Name(id='i', lineno=1, col_offset=11, end_lineno=1, end_col_offset=12), iter=Name(id='y', lineno=1, col_offset=16, end_lineno=1, end_col_offset=17), ifs=[Name(id='i', lineno=1, col_offset=21, end_lineno=1, end_col_offset=22)])], lineno=1, col_offset=4, end_lineno=1, end_col_offset=23), lineno=1, col_offset=0), Assign(targets=[Name(id='z', lineno=2, col_offset=0, end_lineno=2, end_col_offset=1)], value=DictComp(key=Name(id='k', lineno=2, col_offset=5, end_lineno=2, end_col_offset=6), value=Name(id='v', lineno=2, col_offset=8, end_lineno=2, end_col_offset=9), generators=[comprehension(target=Tuple(elts=[Name(id='k', lineno=2, col_offset=14, end_lineno=2, end_col_offset=15), Name(id='v', lineno=2, col_offset=17, end_lineno=2, end_col_offset=18)], lineno=2, col_offset=14, end_lineno=2, end_col_offset=18), iter=Name(id='w', lineno=2, col_offset=22, end_lineno=2, end_col_offset=23), ifs=[])], lineno=2, col_offset=4, end_lineno=2, end_col_offset=24), lineno=2, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = 'a' \
    'b')PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Constant(value='ab', lineno=1, col_offset=4, end_lineno=2, end_col_offset=7), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = lambda a, b=2: (a, b))PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='a', lineno=1, col_offset=11), arg(arg='b', lineno=1, col_offset=14)], kwonlyargs=[], kw_defaults=[], defaults=[Constant(value=2, lineno=1, col_offset=16, end_lineno=1, end_col_offset=17)]), body=Tuple(elts=[Name(id='a', lineno=1, col_offset=20, end_lineno=1, end_col_offset=21), Name(id='b', lineno=1, col_offset=23, end_lineno=1, end_col_offset=24)], lineno=1, col_offset=19, end_lineno=1, end_col_offset=25), lineno=1, col_offset=4, end_lineno=1, end_col_offset=25), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = not a and -b or c if d else e)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=IfExp(test=Name(id='d', lineno=1, col_offset=25, end_lineno=1, end_col_offset=26), body=BoolOp(op=Or(), values=[BoolOp(op=And(), values=[UnaryOp(op=Not(), operand=Name(id='a', lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), lineno=1, col_offset=4, end_lineno=1, end_col_offset=9), UnaryOp(op=USub(), operand=Name(id='b', lineno=1, col_offset=15, end_lineno=1, end_col_offset=16), lineno=1, col_offset=14, end_lineno=1, end_col_offset=16)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=16), Name(id='c', lineno=1, col_offset=20, end_lineno=1, end_col_offset=21)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=21), orelse=Name(id='e', lineno=1, col_offset=32, end_lineno=1, end_col_offset=33), lineno=1, col_offset=4, end_lineno=1, end_col_offset=33), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = [1,
     2])PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=List(elts=[Constant(value=1, lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), Constant(value=2, lineno=2, col_offset=5, end_lineno=2, end_col_offset=6)], lineno=1, col_offset=4, end_lineno=2, end_col_offset=7), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(print(f"""
{a}
{b!r:>{w}}"""))PY") ==
        R"PY(Module(body=[Expr(value=Call(func=Name(id='print', lineno=1, col_offset=0, end_lineno=1, end_col_offset=5), args=[JoinedStr(values=[Constant(value='\n', lineno=1, col_offset=6, end_lineno=3, end_col_offset=13), FormattedValue(value=Name(id='a', lineno=2, col_offset=1, end_lineno=2, end_col_offset=2), conversion=-1, lineno=1, col_offset=6, end_lineno=3, end_col_offset=13), Constant(value='\n', lineno=1, col_offset=6, end_lineno=3, end_col_offset=13), FormattedValue(value=Name(id='b', lineno=3, col_offset=1, end_lineno=3, end_col_offset=2), conversion=114, format_spec=JoinedStr(values=[Constant(value='>', lineno=1, col_offset=6, end_lineno=3, end_col_offset=13), FormattedValue(value=Name(id='w', lineno=3, col_offset=7, end_lineno=3, end_col_offset=8), conversion=-1, lineno=1, col_offset=6, end_lineno=3, end_col_offset=13)], lineno=1, col_offset=6, end_lineno=3, end_col_offset=13), lineno=1, col_offset=6, end_lineno=3, end_col_offset=13)], lineno=1, col_offset=6, end_lineno=3, end_col_offset=13)], keywords=[], lineno=1, col_offset=0, end_lineno=3, end_col_offset=14), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(日本 = 'é'; x = 1)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='日本', lineno=1, col_offset=0, end_lineno=1, end_col_offset=6)], value=Constant(value='é', lineno=1, col_offset=9, end_lineno=1, end_col_offset=13), lineno=1, col_offset=0), Assign(targets=[Name(id='x', lineno=1, col_offset=15, end_lineno=1, end_col_offset=16)], value=Constant(value=1, lineno=1, col_offset=19, end_lineno=1, end_col_offset=20), lineno=1, col_offset=15)]))PY");
  CHECK(dump_pos(R"PY(x = {**a, 1: 2})PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=Dict(keys=[None, Constant(value=1, lineno=1, col_offset=10, end_lineno=1, end_col_offset=11)], values=[Name(id='a', lineno=1, col_offset=7, end_lineno=1, end_col_offset=8), Constant(value=2, lineno=1, col_offset=13, end_lineno=1, end_col_offset=14)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=15), lineno=1, col_offset=0)]))PY");
  CHECK(dump_pos(R"PY(x = a if b else c)PY") ==
        R"PY(Module(body=[Assign(targets=[Name(id='x', lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=IfExp(test=Name(id='b', lineno=1, col_offset=9, end_lineno=1, end_col_offset=10), body=Name(id='a', lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), orelse=Name(id='c', lineno=1, col_offset=16, end_lineno=1, end_col_offset=17), lineno=1, col_offset=4, end_lineno=1, end_col_offset=17), lineno=1, col_offset=0)]))PY");
}

// ---- parser: error messages compared with CPython --------------------------------

TEST_CASE("parser: syntax errors", "[parser][errors]") {
  check_error(R"PY(x = (1 2
)PY", "SyntaxError", R"PY('(' was never closed)PY", 1, 5);
  check_error(R"PY(def f(:
  pass
x = "abc
)PY", "SyntaxError", R"PY(unterminated string literal (detected at line 3))PY", 3, 5);
  check_error(R"PY(if x:
pass
)PY", "IndentationError", R"PY(expected an indented block after 'if' statement on line 1)PY", 2, 1);
  check_error(R"PY(x = (1,
)PY", "SyntaxError", R"PY('(' was never closed)PY", 1, 5);
  check_error(R"PY(f() = 1)PY", "SyntaxError", R"PY(cannot assign to function call here. Maybe you meant '==' instead of '='?)PY", 1, 1);
  check_error(R"PY((a, f()) = 1)PY", "SyntaxError", R"PY(cannot assign to function call)PY", 1, 5);
  check_error(R"PY(f() += 1)PY", "SyntaxError", R"PY('function call' is an illegal expression for augmented assignment)PY", 1, 1);
  check_error(R"PY(del f())PY", "SyntaxError", R"PY(cannot delete function call)PY", 1, 5);
  check_error(R"PY(for f() in x: pass)PY", "SyntaxError", R"PY(cannot assign to function call)PY", 1, 5);
  check_error(R"PY(1 = x)PY", "SyntaxError", R"PY(cannot assign to literal here. Maybe you meant '==' instead of '='?)PY", 1, 1);
  check_error(R"PY(a + b = 1)PY", "SyntaxError", R"PY(cannot assign to expression here. Maybe you meant '==' instead of '='?)PY", 1, 1);
  check_error(R"PY(x = *a)PY", "SyntaxError", R"PY(can't use starred expression here)PY", 1, 5);
  check_error(R"PY(*a = 1)PY", "SyntaxError", R"PY(starred assignment target must be in a list or tuple)PY", 1, 1);
  check_error(R"PY(a, *b, *c = 1)PY", "SyntaxError", R"PY(multiple starred expressions in assignment)PY", 1, 1);
  check_error(R"PY(x = 1
  y = 2
)PY", "IndentationError", R"PY(unexpected indent)PY", 2, 2);
  check_error(R"PY(if x:
    a
  b
)PY", "IndentationError", R"PY(unindent does not match any outer indentation level)PY", 3, 4);
  check_error(R"PY(return 1
x = ()PY", "SyntaxError", R"PY('(' was never closed)PY", 2, 5);
  check_error(R"PY(f"{x!z}")PY", "SyntaxError", R"PY(f-string: invalid conversion character: expected 's', 'r', or 'a')PY", 1, 6);  // CPython: ('SyntaxError', "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 9)
  check_error(R"PY(f"{}")PY", "SyntaxError", R"PY(f-string: empty expression not allowed)PY", 1, 4);  // CPython: ('SyntaxError', 'f-string: empty expression not allowed', 1, 6)
  check_error(R"PY(f"}")PY", "SyntaxError", R"PY(f-string: single '}' is not allowed)PY", 1, 3);  // CPython: ('SyntaxError', "f-string: single '}' is not allowed", 1, 5)
  check_error(R"PY(f"{x")PY", "SyntaxError", R"PY(f-string: expecting '}')PY", 1, 5);  // CPython: ('SyntaxError', "f-string: expecting '}'", 1, 6)
  check_error(R"PY(f"{x:{y:{z}}}")PY", "SyntaxError", R"PY(f-string: expressions nested too deeply)PY", 1, 9);  // CPython: ('SyntaxError', 'f-string: expressions nested too deeply', 1, 15)
  check_error(R"PY(x = ))PY", "SyntaxError", R"PY(unmatched ')')PY", 1, 5);
  check_error(R"PY(x = (])PY", "SyntaxError", R"PY(closing parenthesis ']' does not match opening parenthesis '(')PY", 1, 6);
  check_error(R"PY(x = (
])PY", "SyntaxError", R"PY(closing parenthesis ']' does not match opening parenthesis '(' on line 1)PY", 2, 1);
  check_error(R"PY(x = 1))PY", "SyntaxError", R"PY(unmatched ')')PY", 1, 6);
  check_error(R"PY(0x)PY", "SyntaxError", R"PY(invalid hexadecimal literal)PY", 1, 2);
  check_error(R"PY(1_)PY", "SyntaxError", R"PY(invalid decimal literal)PY", 1, 2);
  check_error(R"PY(1__0)PY", "SyntaxError", R"PY(invalid decimal literal)PY", 1, 2);
  check_error(R"PY(012)PY", "SyntaxError", R"PY(leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers)PY", 1, 1);
  check_error(R"PY(x = "abc)PY", "SyntaxError", R"PY(unterminated string literal (detected at line 1))PY", 1, 5);
  check_error(R"PY(x = '''abc

)PY", "SyntaxError", R"PY(unterminated triple-quoted string literal (detected at line 2))PY", 1, 5);
  check_error(R"PY("\x4")PY", "SyntaxError", R"PY((unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape)PY", 1, 6);
  check_error(R"PY(f(x for x in y, 1))PY", "SyntaxError", R"PY(Generator expression must be parenthesized)PY", 1, 3);
  check_error(R"PY(f(a=1, b))PY", "SyntaxError", R"PY(positional argument follows keyword argument)PY", 1, 8);  // CPython: ('SyntaxError', 'positional argument follows keyword argument', 1, 9)
  check_error(R"PY(f(**a, *b))PY", "SyntaxError", R"PY(iterable argument unpacking follows keyword argument unpacking)PY", 1, 8);
  check_error(R"PY(f(**a, b))PY", "SyntaxError", R"PY(positional argument follows keyword argument unpacking)PY", 1, 8);  // CPython: ('SyntaxError', 'positional argument follows keyword argument unpacking', 1, 9)
  check_error(R"PY(f(a.b=1))PY", "SyntaxError", R"PY(expression cannot contain assignment, perhaps you meant "=="?)PY", 1, 3);
  check_error(R"PY(f(True=1))PY", "SyntaxError", R"PY(cannot assign to True)PY", 1, 3);
  check_error(R"PY(x: int, y = 1)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);
  check_error(R"PY([x]: int = 1)PY", "SyntaxError", R"PY(only single target (not list) can be annotated)PY", 1, 1);
  check_error(R"PY((a, b): int)PY", "SyntaxError", R"PY(only single target (not tuple) can be annotated)PY", 1, 1);
  check_error(R"PY(a, b += 1)PY", "SyntaxError", R"PY('tuple' is an illegal expression for augmented assignment)PY", 1, 1);
  check_error(R"PY((a.b := 1))PY", "SyntaxError", R"PY(cannot use assignment expressions with attribute)PY", 1, 2);
  check_error(R"PY(a = yield)PY", "SyntaxError", R"PY('yield' outside function)PY", 1, 5);
  check_error(R"PY([ (yield) for x in y])PY", "SyntaxError", R"PY('yield' inside list comprehension)PY", 1, 4);
  check_error(R"PY(class A:
 yield 1
)PY", "SyntaxError", R"PY('yield' outside function)PY", 2, 2);
  check_error(R"PY(nonlocal x)PY", "SyntaxError", R"PY(nonlocal declaration not allowed at module level)PY", 1, 1);
  check_error(R"PY(for x in y: pass
else: break
)PY", "SyntaxError", R"PY('break' outside loop)PY", 2, 7);
  check_error(R"PY(while 1:
 def f(): break
)PY", "SyntaxError", R"PY('break' outside loop)PY", 2, 11);
  check_error(R"PY(if x y)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 6);
  check_error(R"PY(if x)PY", "SyntaxError", R"PY(expected ':')PY", 1, 5);
  check_error(R"PY(def f()
 pass)PY", "SyntaxError", R"PY(expected ':')PY", 1, 8);
  check_error(R"PY(x = 1 +)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 8);
  check_error(R"PY(a b)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 3);
  check_error(R"PY(f(a b))PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 1, 3);
  check_error(R"PY(()PY", "SyntaxError", R"PY('(' was never closed)PY", 1, 1);
  check_error(R"PY())PY", "SyntaxError", R"PY(unmatched ')')PY", 1, 1);
  check_error(R"PY(x = [1, 2)PY", "SyntaxError", R"PY('[' was never closed)PY", 1, 5);
  check_error(R"PY(def f(a=1, b): pass)PY", "SyntaxError", R"PY(non-default argument follows default argument)PY", 1, 12);
  check_error(R"PY(def f(*): pass)PY", "SyntaxError", R"PY(named arguments must follow bare *)PY", 1, 7);
  check_error(R"PY(def f(*, **k): pass)PY", "SyntaxError", R"PY(named arguments must follow bare *)PY", 1, 7);
  check_error(R"PY(def f(**k, a): pass)PY", "SyntaxError", R"PY(arguments cannot follow var-keyword argument)PY", 1, 12);
  check_error(R"PY(def f(a, /, b, /): pass)PY", "SyntaxError", R"PY(/ may appear only once)PY", 1, 16);
  check_error(R"PY(def f(*a, /): pass)PY", "SyntaxError", R"PY(/ must be ahead of *)PY", 1, 11);
  check_error(R"PY(def f(/): pass)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);
  check_error(R"PY(def f(a, a): pass)PY", "SyntaxError", R"PY(duplicate argument 'a' in function definition)PY", 1, 10);
  check_error(R"PY(def f(**k=1): pass)PY", "SyntaxError", R"PY(var-keyword argument cannot have default value)PY", 1, 10);
  check_error(R"PY(def f(*a, *b): pass)PY", "SyntaxError", R"PY(* argument may appear only once)PY", 1, 11);
  check_error(R"PY(x = $)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 5);
  check_error(R"PY(x = a ? b)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);
  check_error(R"PY(f"{a b}")PY", "SyntaxError", R"PY(f-string: invalid syntax. Perhaps you forgot a comma?)PY", 1, 4);  // CPython: ('SyntaxError', 'f-string: invalid syntax. Perhaps you forgot a comma?', 1, 2)
  check_error(R"PY(f"{*a}")PY", "SyntaxError", R"PY(f-string: cannot use starred expression here)PY", 1, 4);  // CPython: ('SyntaxError', 'f-string: cannot use starred expression here', 1, 2)
  check_error(R"PY(from x import a,)PY", "SyntaxError", R"PY(trailing comma not allowed without surrounding parentheses)PY", 1, 17);
  check_error(R"PY(f(a=1, a=2))PY", "SyntaxError", R"PY(keyword argument repeated: a)PY", 1, 8);
  check_error(R"PY((*a))PY", "SyntaxError", R"PY(cannot use starred expression here)PY", 1, 2);
  check_error(R"PY([*a for a in b])PY", "SyntaxError", R"PY(iterable unpacking cannot be used in comprehension)PY", 1, 2);
  check_error(R"PY({**a for a in b})PY", "SyntaxError", R"PY(dict unpacking cannot be used in dict comprehension)PY", 1, 2);
  check_error(R"PY(x = 1 if 2)PY", "SyntaxError", R"PY(expected 'else' after 'if' expression)PY", 1, 5);
  check_error(R"PY(   x)PY", "IndentationError", R"PY(unexpected indent)PY", 1, 3);
  check_error(R"PY(	if x:
        pass
)PY", "IndentationError", R"PY(unexpected indent)PY", 1, 1);
  check_error(R"PY(if x:
	pass
        pass
)PY", "TabError", R"PY(inconsistent use of tabs and spaces in indentation)PY", 3, 1);
  check_error(R"PY(if x:
)PY", "IndentationError", R"PY(expected an indented block after 'if' statement on line 1)PY", 1, 6);
  check_error(R"PY(x = (1 +
)PY", "SyntaxError", R"PY('(' was never closed)PY", 1, 5);
  check_error(R"PY(def f():
  return
 x)PY", "IndentationError", R"PY(unindent does not match any outer indentation level)PY", 3, 3);
  check_error(R"PY(x = 1
))PY", "SyntaxError", R"PY(unmatched ')')PY", 2, 1);
  check_error(R"PY(x = "a" "b)PY", "SyntaxError", R"PY(unterminated string literal (detected at line 1))PY", 1, 9);
  check_error(R"PY(x = """


)PY", "SyntaxError", R"PY(unterminated triple-quoted string literal (detected at line 3))PY", 1, 5);
  check_error(R"PY(x = 0b12)PY", "SyntaxError", R"PY(invalid digit '2' in binary literal)PY", 1, 8);
  check_error(R"PY(x = 0o8)PY", "SyntaxError", R"PY(invalid digit '8' in octal literal)PY", 1, 7);
  check_error(R"PY(f() = 1
x = ()PY", "SyntaxError", R"PY(cannot assign to function call here. Maybe you meant '==' instead of '='?)PY", 1, 1);
  check_error(R"PY(if x:
pass
"abc)PY", "SyntaxError", R"PY(unterminated string literal (detected at line 3))PY", 3, 1);
  check_error(R"PY(a b
x = ()PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 3);
  check_error(R"PY(x = 1 +
if x:
  a
 b
)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 8);
  check_error(R"PY(x = (1,
  2

)PY", "SyntaxError", R"PY('(' was never closed)PY", 1, 5);
  check_error(R"PY(x = (1
  2)
)PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 1, 6);
  check_error(R"PY(foo(
  a b
))PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 2, 3);
  check_error(R"PY(continue)PY", "SyntaxError", R"PY('continue' not properly in loop)PY", 1, 1);
  check_error(R"PY(break)PY", "SyntaxError", R"PY('break' outside loop)PY", 1, 1);
  check_error(R"PY(def f():
  class A:
    return 1
)PY", "SyntaxError", R"PY('return' outside function)PY", 3, 5);
  check_error(R"PY(def f():
  x = [i for i in y if (yield)]
)PY", "SyntaxError", R"PY('yield' inside list comprehension)PY", 2, 25);
  check_error(R"PY(def f():
  from x import *
)PY", "SyntaxError", R"PY(import * only allowed at module level)PY", 2, 17);
  check_error(R"PY(try:
  pass
except:
  pass
except E:
  pass
)PY", "SyntaxError", R"PY(default 'except:' must be last)PY", 3, 1);
  check_error(R"PY(try:
  pass
x = 1
)PY", "SyntaxError", R"PY(expected 'except' or 'finally' block)PY", 3, 1);
  check_error(R"PY(if x = 1:
  pass
)PY", "SyntaxError", R"PY(invalid syntax. Maybe you meant '==' or ':=' instead of '='?)PY", 1, 4);
  check_error(R"PY(print "hello")PY", "SyntaxError", R"PY(Missing parentheses in call to 'print'. Did you mean print(...)?)PY", 1, 1);
  check_error(R"PY(True = 1)PY", "SyntaxError", R"PY(cannot assign to True)PY", 1, 1);
  check_error(R"PY(... = 1)PY", "SyntaxError", R"PY(cannot assign to ellipsis here. Maybe you meant '==' instead of '='?)PY", 1, 1);
  check_error(R"PY((a < b) = 1)PY", "SyntaxError", R"PY(cannot assign to comparison here. Maybe you meant '==' instead of '='?)PY", 1, 2);
  check_error(R"PY(a < b = 1)PY", "SyntaxError", R"PY(cannot assign to comparison)PY", 1, 1);
  check_error(R"PY(x = f() = 3)PY", "SyntaxError", R"PY(cannot assign to function call)PY", 1, 5);
  check_error(R"PY(del (a, f()))PY", "SyntaxError", R"PY(cannot delete function call)PY", 1, 9);
  check_error(R"PY(with a as f(): pass)PY", "SyntaxError", R"PY(cannot assign to function call)PY", 1, 11);
  check_error(R"PY((x for x in y) = 1)PY", "SyntaxError", R"PY(cannot assign to generator expression)PY", 1, 1);
  check_error(R"PY([x for x in (y := z)])PY", "SyntaxError", R"PY(assignment expression cannot be used in a comprehension iterable expression)PY", 1, 14);
  check_error(R"PY(def f(x):
  global x
)PY", "SyntaxError", R"PY(name 'x' is parameter and global)PY", 2, 3);
  check_error(R"PY(x = {1: 2, 3})PY", "SyntaxError", R"PY(':' expected after dictionary key)PY", 1, 12);
  check_error(R"PY(x = [1, 2 3])PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 1, 9);
  check_error(R"PY(x = {1 2})PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 1, 6);
  check_error(R"PY(def f(x=1, /, y): pass)PY", "SyntaxError", R"PY(non-default argument follows default argument)PY", 1, 15);
  check_error(R"PY(lambda x=1, y: 1)PY", "SyntaxError", R"PY(non-default argument follows default argument)PY", 1, 13);
  check_error(R"PY(lambda *: 1)PY", "SyntaxError", R"PY(named arguments must follow bare *)PY", 1, 9);
  check_error(R"PY(f(x=1, **y, *z))PY", "SyntaxError", R"PY(iterable argument unpacking follows keyword argument unpacking)PY", 1, 13);
  check_error(R"PY(x = yield from)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 15);
  check_error(R"PY(def f():
    for x in y:
        pass
    else:
        continue
)PY", "SyntaxError", R"PY('continue' not properly in loop)PY", 5, 9);
  check_error(R"PY(x = 5 5)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);
  check_error(R"PY(x = 1 \ 2)PY", "SyntaxError", R"PY(unexpected character after line continuation character)PY", 1, 8);
  check_error(R"PY(x = 1 \)PY", "SyntaxError", R"PY(unexpected EOF while parsing)PY", 1, 8);
  check_error(R"PY(x = f"{x #}")PY", "SyntaxError", R"PY(f-string expression part cannot include '#')PY", 1, 10);  // CPython: ('SyntaxError', "f-string expression part cannot include '#'", 1, 13)
  check_error(R"PY(x = f"{x\n}")PY", "SyntaxError", R"PY(f-string expression part cannot include a backslash)PY", 1, 9);  // CPython: ('SyntaxError', 'f-string expression part cannot include a backslash', 1, 13)
  check_error(R"PY(x = f"{x)}")PY", "SyntaxError", R"PY(f-string: unmatched ')')PY", 1, 9);  // CPython: ('SyntaxError', "f-string: unmatched ')'", 1, 12)
  check_error(R"PY(x = f"{(x]}")PY", "SyntaxError", R"PY(f-string: closing parenthesis ']' does not match opening parenthesis '(')PY", 1, 10);  // CPython: ('SyntaxError', "f-string: closing parenthesis ']' does not match opening parenthesis '('", 1, 13)
  check_error(R"PY(x = f"{'abc}")PY", "SyntaxError", R"PY(f-string: unterminated string)PY", 1, 13);  // CPython: ('SyntaxError', 'f-string: unterminated string', 1, 14)
  check_error(R"PY(x = f"{a}}")PY", "SyntaxError", R"PY(f-string: single '}' is not allowed)PY", 1, 10);  // CPython: ('SyntaxError', "f-string: single '}' is not allowed", 1, 12)
  check_error(R"PY(x = f"{x!}")PY", "SyntaxError", R"PY(f-string: invalid conversion character: expected 's', 'r', or 'a')PY", 1, 10);  // CPython: ('SyntaxError', "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 12)
  check_error(R"PY(x = f"{x!r=}")PY", "SyntaxError", R"PY(f-string: expecting '}')PY", 1, 11);  // CPython: ('SyntaxError', "f-string: expecting '}'", 1, 14)
  check_error(R"PY(x = f"{1_}")PY", "SyntaxError", R"PY(invalid decimal literal)PY", 1, 9);  // CPython: ('SyntaxError', 'invalid decimal literal', 1, 3)
  check_error(R"PY(x = 1j)PY", "SyntaxError", R"PY(complex numbers are not supported yet)PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = 1.5J)PY", "SyntaxError", R"PY(complex numbers are not supported yet)PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = b'abc')PY", "SyntaxError", R"PY(bytes literals are not supported yet)PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = Rb'abc')PY", "SyntaxError", R"PY(bytes literals are not supported yet)PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = "\N{DASH}")PY", "SyntaxError", R"PY(\N{...} escapes are not supported yet)PY", 1, 15);  // CPython: ('SyntaxError', "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-7: unknown Unicode character name", 1, 15)
  check_error(R"PY(async def f(): pass)PY", "SyntaxError", R"PY('async' is not supported yet)PY", 1, 1);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(def f():
  await x
)PY", "SyntaxError", R"PY('await' is not supported yet)PY", 2, 3);  // CPython: ('SyntaxError', "'await' outside async function", 2, 3)
  check_error(R"PY(match x:
    case 1: pass
)PY", "SyntaxError", R"PY(the match statement is not supported yet)PY", 1, 1);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(try:
  pass
except* E:
  pass
)PY", "SyntaxError", R"PY('except*' is not supported yet)PY", 3, 7);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = 9223372036854775808)PY", "SyntaxError", R"PY(integer literal too large (Spindle ints are 64-bit))PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = 0x8000000000000000)PY", "SyntaxError", R"PY(integer literal too large (Spindle ints are 64-bit))PY", 1, 5);  // CPython: accepted (unsupported in Spindle)
  check_error(R"PY(x = "\U00110000")PY", "SyntaxError", R"PY((unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character)PY", 1, 17);
  check_error(R"PY(x = "\u12")PY", "SyntaxError", R"PY((unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \uXXXX escape)PY", 1, 11);
  check_error(R"PY(x = (

1 2)
x = [)PY", "SyntaxError", R"PY(invalid syntax. Perhaps you forgot a comma?)PY", 3, 1);
  check_error(R"PY(x = f'{a b}' 'c)PY", "SyntaxError", R"PY(unterminated string literal (detected at line 1))PY", 1, 14);
  check_error(R"PY(def f():
    x = 1
        y = 2
)PY", "IndentationError", R"PY(unexpected indent)PY", 3, 8);
  check_error(R"PY(if x:
    pass
  else:
    pass
)PY", "IndentationError", R"PY(unindent does not match any outer indentation level)PY", 3, 8);
  check_error(R"PY(else: pass)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 1);
  check_error(R"PY(x = not)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 8);
  check_error(R"PY(x = a is not)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 13);
  check_error(R"PY(a[])PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 3);
  check_error(R"PY(f(*))PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 4);
  check_error(R"PY(@dec
x = 1
)PY", "SyntaxError", R"PY(invalid syntax)PY", 2, 1);
  check_error(R"PY(import a.)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 10);
  check_error(R"PY(from . import)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 14);
  check_error(R"PY(global)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);
  check_error(R"PY(def f():
  def g(a, b, a): pass
)PY", "SyntaxError", R"PY(duplicate argument 'a' in function definition)PY", 2, 15);
  check_error(R"PY(x = [(yield) for y in z])PY", "SyntaxError", R"PY('yield' inside list comprehension)PY", 1, 7);
  check_error(R"PY(def f(): x = {(yield) for y in z})PY", "SyntaxError", R"PY('yield' inside set comprehension)PY", 1, 16);
  check_error(R"PY(def f(): x = {a: (yield) for a in z})PY", "SyntaxError", R"PY('yield' inside dict comprehension)PY", 1, 19);
  check_error(R"PY(def f(): x = ((yield) for y in z))PY", "SyntaxError", R"PY('yield' inside generator expression)PY", 1, 16);
  check_error(R"PY(def f(): return [x async for x in y])PY", "SyntaxError", R"PY('async' is not supported yet)PY", 1, 20);  // CPython: ('SyntaxError', 'asynchronous comprehension outside of an asynchronous function', 1, 17)
  check_error(R"PY(class A:
    return 1
)PY", "SyntaxError", R"PY('return' outside function)PY", 2, 5);
  check_error(R"PY(def f x)PY", "SyntaxError", R"PY(expected '(')PY", 1, 7);
  check_error(R"PY(def f)PY", "SyntaxError", R"PY(expected '(')PY", 1, 6);
  check_error(R"PY(try x)PY", "SyntaxError", R"PY(expected ':')PY", 1, 5);
  check_error(R"PY(try:
  pass
finally x)PY", "SyntaxError", R"PY(expected ':')PY", 3, 9);
  check_error(R"PY(if x:
  pass
else x)PY", "SyntaxError", R"PY(expected ':')PY", 3, 6);
  check_error(R"PY(x = 1 if 2:)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 11);
  check_error(R"PY(self.x := 1)PY", "SyntaxError", R"PY(cannot use assignment expressions with attribute)PY", 1, 1);
  check_error(R"PY(if pid =)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 8);
  check_error(R"PY(if x.y = 1: pass)PY", "SyntaxError", R"PY(cannot assign to attribute here. Maybe you meant '==' instead of '='?)PY", 1, 4);
  check_error(R"PY([x = 1])PY", "SyntaxError", R"PY(invalid syntax. Maybe you meant '==' or ':=' instead of '='?)PY", 1, 2);
  check_error(R"PY(a[x = 1])PY", "SyntaxError", R"PY(invalid syntax. Maybe you meant '==' or ':=' instead of '='?)PY", 1, 3);
  check_error(R"PY(@d[a] = 1
def f(): pass)PY", "SyntaxError", R"PY(cannot assign to subscript here. Maybe you meant '==' instead of '='?)PY", 1, 2);
  check_error(R"PY(f(): -)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 7);  // CPython: ('SyntaxError', 'invalid syntax', 1, 4)
  check_error(R"PY(f(): int)PY", "SyntaxError", R"PY(illegal target for annotation)PY", 1, 1);
  check_error(R"PY(a + b: int)PY", "SyntaxError", R"PY(illegal target for annotation)PY", 1, 1);
  check_error(R"PY(1: int)PY", "SyntaxError", R"PY(illegal target for annotation)PY", 1, 1);
  check_error(R"PY(f() = )PY", "SyntaxError", R"PY(cannot assign to function call)PY", 1, 1);
  check_error(R"PY(x = 100and68)PY", "SyntaxError", R"PY(invalid decimal literal)PY", 1, 8);  // CPython: ('SyntaxError', 'invalid decimal literal', 1, 7)
  check_error(R"PY(x = 1jx)PY", "SyntaxError", R"PY(invalid imaginary literal)PY", 1, 7);  // CPython: ('SyntaxError', 'invalid imaginary literal', 1, 6)
  check_error(R"PY(x = 09a)PY", "SyntaxError", R"PY(leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers)PY", 1, 5);
  check_error(R"PY(a b
x = 1j
)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 3);
  check_error(R"PY('\ufin'
')PY", "SyntaxError", R"PY(unterminated string literal (detected at line 2))PY", 2, 1);
  check_error(R"PY(x = $a)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 5);
  check_error(R"PY(x = `a`)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 5);
  check_error(R"PY(x = a!)PY", "SyntaxError", R"PY(invalid syntax)PY", 1, 6);
  check_error(R"PY(x = 1 \ 2
x = 'abc)PY", "SyntaxError", R"PY(unexpected character after line continuation character)PY", 1, 8);
  check_error(R"PY(if a:
    @d
  def f(): pass
)PY", "IndentationError", R"PY(unindent does not match any outer indentation level)PY", 3, 16);
}
