#include "offer/html_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace jobstream::offer {
namespace {

// Named references found in the API's texts, plus the rest of Latin-1's French letters.
constexpr std::pair<std::string_view, char32_t> named[] = {
    {"amp", U'&'},     {"lt", U'<'},     {"gt", U'>'},       {"quot", U'"'},    {"apos", U'\''},
    {"nbsp", 0xA0},    {"eacute", 0xE9}, {"egrave", 0xE8},   {"ecirc", 0xEA},   {"euml", 0xEB},
    {"agrave", 0xE0},  {"acirc", 0xE2},  {"auml", 0xE4},     {"icirc", 0xEE},   {"iuml", 0xEF},
    {"ocirc", 0xF4},   {"ouml", 0xF6},   {"ugrave", 0xF9},   {"ucirc", 0xFB},   {"uuml", 0xFC},
    {"ccedil", 0xE7},  {"Eacute", 0xC9}, {"Egrave", 0xC8},   {"Ecirc", 0xCA},   {"Agrave", 0xC0},
    {"Acirc", 0xC2},   {"Icirc", 0xCE},  {"Ocirc", 0xD4},    {"Ccedil", 0xC7},  {"Ucirc", 0xDB},
    {"oelig", 0x153},  {"OElig", 0x152}, {"aelig", 0xE6},    {"laquo", 0xAB},   {"raquo", 0xBB},
    {"deg", 0xB0},     {"euro", 0x20AC}, {"rsquo", 0x2019},  {"lsquo", 0x2018}, {"rdquo", 0x201D},
    {"ldquo", 0x201C}, {"bull", 0x2022}, {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"middot", 0xB7},  {"copy", 0xA9},   {"reg", 0xAE},      {"trade", 0x2122}, {"sup2", 0xB2},
};

// HTML5's replacements for numeric references 0x80-0x9F (Windows-1252); 0 keeps the code point.
constexpr std::array<char32_t, 32> windows_1252{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// The character a reference body ("eacute", "#233", "#xE9") stands for; 0 when none.
char32_t referenced(std::string_view body) {
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    std::uint32_t code = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) return 0;
    if (code >= 0x80 && code <= 0x9F && windows_1252[code - 0x80] != 0) return windows_1252[code - 0x80];
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return code;
  }
  for (const auto& [name, c] : named) {
    if (name == body) return c;
  }
  return 0;
}

}  // namespace

std::string decode_html_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto amp = text.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(i, amp - i));
    const auto semi = text.find(';', amp + 1);
    // References are short: "&#x10FFFF;" and "&hellip;" are the longest the API uses.
    const char32_t c = semi != std::string_view::npos && semi - amp <= 10
                           ? referenced(text.substr(amp + 1, semi - amp - 1))
                           : 0;
    if (c == 0) {
      out.push_back('&');
      i = amp + 1;
    } else {
      append_utf8(out, c);
      i = semi + 1;
    }
  }
  out.append(text.substr(i));
  return out;
}

bool description_is_cut(std::string_view description) {
  std::size_t characters = 0;
  for (char c : description) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  if (characters == description_limit) return true;
  if (description.size() < description_limit - 10 || description.size() > description_limit) return false;
  const char last = description.back();
  return last != '.' && last != '!' && last != '?' && last != ')' && last != ':';
}

std::string display_description(std::string_view description) {
  std::string out = decode_html_entities(description);
  if (description_is_cut(description)) out.append(cut_marker);
  return out;
}

}  // namespace jobstream::offer
