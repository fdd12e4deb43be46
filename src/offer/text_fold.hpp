#pragma once

#include <string>
#include <string_view>

namespace jobstream::offer {

/// Lower-cases UTF-8 French text and strips its accents ("Télétravail À" -> "teletravail a"),
/// so that keyword matching does not depend on how a recruiter typed a word. Letters outside
/// Latin-1 and the œ/æ ligatures are copied unchanged; no byte is ever dropped except that
/// no-break spaces (U+00A0, U+202F) become plain spaces.
std::string fold_text(std::string_view text);

/// fold_text, then every run of characters that are not [a-z0-9] becomes one space, trimmed:
/// "Île-de-France (Région)" -> "ile de france region".
std::string fold_words(std::string_view text);

}  // namespace jobstream::offer
