# Scalars: None, bools, 64-bit ints at both ends, floats including the ones
# JSON cannot spell (nan, inf, -inf, -0.0), strings with escapes and
# non-ASCII code points.
def make():
    return (None, True, False, 0, 1, -1, 9223372036854775807, -9223372036854775807 - 1,
            0.0, -0.0, 1.5, -2.25e-300, 1e300, 5e-324, float("nan"), float("inf"), float("-inf"),
            "", "ascii", "quote \" backslash \\ newline \n tab \t nul \x00 del \x7f",
            "h\u00e9llo \u2713 \u65e5\u672c \U0001f600")
