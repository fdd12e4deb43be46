#include "offer/text_fold.hpp"

#include <array>

namespace jobstream::offer {
namespace {

// Base letter of each Latin-1 code point U+00C0..U+00FF ('\0' = keep as is: ×, ÷, ð, þ, ß).
constexpr char latin1_base[] = "aaaaaaaceeeeiiii"      // À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
                               "\0nooooo\0ouuuuy\0\0"  // Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
                               "aaaaaaaceeeeiiii"      // à á â ã ä å æ ç è é ê ë ì í î ï
                               "\0nooooo\0ouuuuy\0y";  // ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out.push_back(ascii_lower(text[i]));
      continue;
    }
    // Two-byte sequences C2/C3 xx cover Latin-1; E2 80 AF is the narrow no-break space.
    if ((b == 0xC2 || b == 0xC3) && i + 1 < text.size()) {
      const auto b2 = static_cast<unsigned char>(text[i + 1]);
      const unsigned cp = ((b & 0x1Fu) << 6) | (b2 & 0x3Fu);
      if (cp == 0xA0) {
        out.push_back(' ');
        ++i;
        continue;
      }
      if (cp >= 0xC0 && cp <= 0xFF && latin1_base[cp - 0xC0] != '\0') {
        out.push_back(latin1_base[cp - 0xC0]);
        if (cp == 0xC6 || cp == 0xE6) out.push_back('e');  // æ -> ae
        ++i;
        continue;
      }
    }
    if (b == 0xC5 && i + 1 < text.size()) {
      const auto b2 = static_cast<unsigned char>(text[i + 1]);
      if (b2 == 0x92 || b2 == 0x93) {  // Œ œ
        out += "oe";
        ++i;
        continue;
      }
    }
    if (b == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string fold_words(std::string_view text) {
  const std::string folded = fold_text(text);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace jobstream::offer
