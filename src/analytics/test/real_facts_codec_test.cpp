// Every real offer the API served: its facts, stored compactly beside it (facts_codec.hpp), read
// back exactly as the offer JSON gives them, and in a fraction of the JSON's bytes.
#include <gtest/gtest.h>

#include <iostream>

#include "analytics/facts_codec.hpp"
#include "analytics/test/real_data.hpp"

namespace jobstream::analytics {
namespace {

TEST(RealFactsCodec, EveryRealOfferReadsBackTheSameFacts) {
  const auto lines = realdata::read_lines("offers.jsonl");
  ASSERT_GT(lines.size(), 5000U);
  std::size_t json_bytes = 0, facts_bytes = 0, with_facts = 0;
  for (const auto& line : lines) {
    auto parsed = facts_from_json(line);
    const auto* facts = std::get_if<OfferFacts>(&parsed);
    if (!facts) continue;
    ++with_facts;
    const auto bytes = encode_facts(*facts);
    const auto back = decode_facts(bytes, std::nullopt);
    ASSERT_TRUE(back) << facts->id;
    ASSERT_EQ(*back, *facts) << facts->id;
    json_bytes += line.size();
    facts_bytes += bytes.size();
  }
  EXPECT_EQ(with_facts, lines.size());
  // The point of storing them: a full read fetches far fewer bytes.
  EXPECT_LT(facts_bytes * 4, json_bytes) << facts_bytes << " bytes of facts for " << json_bytes << " of JSON";
  std::cout << with_facts << " offers: " << json_bytes / with_facts << " bytes of JSON, "
            << facts_bytes / with_facts << " of facts on average\n";
}

}  // namespace
}  // namespace jobstream::analytics
