// UTF-8 helpers for the string methods and builtins that work by code point
// (chr, ord, str methods, formatting). Str data is valid UTF-8 (the lexer and
// every producer guarantee it); decode() still never reads past the end, so
// a stray invalid byte decodes as itself instead of running off the buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spindle::utf8 {

// Bytes in the sequence a lead byte starts (1 for continuation/invalid bytes,
// so a scan always advances).
inline size_t seq_len(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Decodes the code point at s[i] and advances i past it.
inline uint32_t decode(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = seq_len(c);
  if (n == 1 || i + n > s.size()) {
    ++i;
    return c;
  }
  uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

inline void encode(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline std::string encode(uint32_t cp) {
  std::string s;
  encode(cp, s);
  return s;
}

// Number of code points.
inline int64_t length(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Byte offset of code point `index` (clamped to the end).
inline size_t offset(std::string_view s, int64_t index) {
  size_t i = 0;
  while (index > 0 && i < s.size()) {
    i += seq_len(static_cast<unsigned char>(s[i]));
    --index;
  }
  return i < s.size() ? i : s.size();
}

}  // namespace spindle::utf8
