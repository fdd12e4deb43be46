#include <gtest/gtest.h>

#include <string>

#include "offer/html_text.hpp"

namespace jobstream::offer {
namespace {

TEST(HtmlTextTest, DecodesNamedAndNumericReferences) {
  EXPECT_EQ(decode_html_entities("t&eacute;l&eacute;travail"), "télétravail");
  EXPECT_EQ(decode_html_entities("l&#039;&eacute;quipe &amp; vous"), "l'équipe & vous");
  EXPECT_EQ(decode_html_entities("a&nbsp;b&#xa0;c"), "a\u00a0b\u00a0c");
  EXPECT_EQ(decode_html_entities("&lt;p&gt;&quot;x&quot;&lt;/p&gt;"), "<p>\"x\"</p>");
  EXPECT_EQ(decode_html_entities("&rsquo;&hellip;&bull;&oelig;&Ecirc;&#8217;&#233;"), "’…•œÊ’é");
  // 0x80-0x9F read through Windows-1252, as HTML5 does.
  EXPECT_EQ(decode_html_entities("&#x80;&#x92;&#x9C;"), "€’œ");
}

TEST(HtmlTextTest, LeavesWhatIsNoReference) {
  for (const char* text : {"R&D", "AT&T;", "&unknown;", "&#;", "&#xZZ;", "&#0;", "&#xD800;", "a & b",
                           "&eacute", "&", "&&amp", ""}) {
    EXPECT_EQ(decode_html_entities(text), text) << text;
  }
  EXPECT_EQ(decode_html_entities("&&amp;"), "&&");
}

TEST(HtmlTextTest, RecognizesDescriptionsCutAtTheLimit) {
  EXPECT_TRUE(description_is_cut(std::string(5000, 'a')));
  std::string accented;
  for (int i = 0; i < 5000; ++i) accented += "é";  // 5,000 characters, 10,000 bytes
  EXPECT_TRUE(description_is_cut(accented));
  EXPECT_TRUE(description_is_cut(std::string(4999, 'a')));  // bytes, a straddling character dropped
  EXPECT_FALSE(description_is_cut(std::string(4998, 'a') + "."));
  EXPECT_FALSE(description_is_cut(std::string(4989, 'a')));
  EXPECT_FALSE(description_is_cut(std::string(5001, 'a')));
  EXPECT_FALSE(description_is_cut("Short."));
  EXPECT_EQ(display_description(std::string(5000, 'a')), std::string(5000, 'a') + " […]");
  EXPECT_EQ(display_description("caf&eacute;"), "café");
}

}  // namespace
}  // namespace jobstream::offer
