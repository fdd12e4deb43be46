#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jobstream::offer {

/// Replaces HTML character references in an offer's text ("t&eacute;l&eacute;travail",
/// "l&#039;&eacute;quipe", "&nbsp;", "&#xa0;") by the UTF-8 characters they stand for, as HTML5
/// reads them: named references of Latin-1 and common typography, decimal and hexadecimal ones,
/// 0x80-0x9F through the Windows-1252 table. Unknown names, a missing ';' and references to
/// invalid code points stay as written. Used for display and search, never for `raw`.
std::string decode_html_entities(std::string_view text);

/// The API cuts partners' descriptions at 5,000 characters (sometimes counted in bytes, one
/// character less when a multi-byte one would straddle the limit).
inline constexpr std::size_t description_limit = 5000;

/// Whether a description stops at that limit: exactly 5,000 characters, or 4,990-5,000 bytes
/// ending without a sentence end ('.', '!', '?', ')', ':'), which is what cut descriptions look like.
bool description_is_cut(std::string_view description);

/// What a cut description is shown with, appended after a space: " […]".
inline constexpr std::string_view cut_marker = " [\xE2\x80\xA6]";

/// A description as shown and searched: entities decoded, and cut_marker appended when the API
/// cut it (description_is_cut, judged on the text as the API sent it).
std::string display_description(std::string_view description);

}  // namespace jobstream::offer
