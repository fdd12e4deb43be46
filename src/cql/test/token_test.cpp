// Murmur3 tokens, routing keys and the token ring. Token vectors were computed with the
// independent Murmur3 implementation of python3-cassandra (cassandra.metadata.Murmur3Token);
// the integration tests also compare against the server's own token() function.
#include <gtest/gtest.h>

#include "cql/token.hpp"

using namespace jobstream::cql;
using Bytes = std::vector<std::uint8_t>;

TEST(CqlToken, Murmur3Vectors) {
  EXPECT_EQ(murmur3_token(Bytes{}), 0);
  EXPECT_EQ(murmur3_token(Bytes{'a'}), -8839064797231613815LL);
  EXPECT_EQ(murmur3_token(Bytes{'h', 'e', 'l', 'l', 'o'}), -3758069500696749310LL);
  EXPECT_EQ(murmur3_token(Bytes{0xFF, 0x80, 0x90}), -1112729424966393876LL);  // sign-extended tail
  Bytes block16;
  for (std::uint8_t i = 0; i < 16; ++i) block16.push_back(i);
  EXPECT_EQ(murmur3_token(block16), 4920504430128807728LL);
  Bytes b23;
  for (std::uint8_t i = 200; i < 223; ++i) b23.push_back(i);
  EXPECT_EQ(murmur3_token(b23), 2426168040070925508LL);
  EXPECT_EQ(murmur3_token(Bytes{0, 0, 0, 0x2A}), -7160136740246525330LL);
  // Tails longer than eight bytes reach the second lane (values as python3-cassandra's murmur3).
  Bytes b12;
  for (std::uint8_t i = 0; i < 12; ++i) b12.push_back(static_cast<std::uint8_t>(0xF0 + i));
  EXPECT_EQ(murmur3_token(b12), 7758451709703674681LL);
  Bytes b27;
  for (std::uint8_t i = 0; i < 27; ++i) b27.push_back(static_cast<std::uint8_t>(100 + 5 * i));
  EXPECT_EQ(murmur3_token(b27), -69773500999004562LL);
}

TEST(CqlToken, RoutingKeySingleAndComposite) {
  std::vector<Value> values{std::string("x"), std::int32_t{42}, std::string("ab")};
  EXPECT_EQ(*routing_key(values, {1}), (Bytes{0, 0, 0, 0x2A}));
  // Composite (markers 2 then 0): u16 length | bytes | 0x00 per component.
  EXPECT_EQ(*routing_key(values, {2, 0}), (Bytes{0, 2, 'a', 'b', 0, 0, 1, 'x', 0}));
  EXPECT_FALSE(routing_key(values, {}).has_value());
  EXPECT_FALSE(routing_key(values, {7}).has_value());
  EXPECT_FALSE(routing_key({Value(Null{})}, {0}).has_value());
}

TEST(CqlToken, RingOwnerWrapsAround) {
  TokenRing ring;
  EXPECT_FALSE(ring.owner(0).has_value());
  ring.add_node({"-100", "100"}, "A");
  ring.add_node({"0"}, "B");
  EXPECT_EQ(*ring.owner(-100), "A");
  EXPECT_EQ(*ring.owner(-99), "B");
  EXPECT_EQ(*ring.owner(0), "B");
  EXPECT_EQ(*ring.owner(50), "A");
  EXPECT_EQ(*ring.owner(101), "A");  // past the last token: wraps to the first
  EXPECT_THROW(ring.add_node({"nope"}, "C"), std::exception);
}

TEST(CqlToken, ReplicasAreTheNextDistinctNodesClockwise) {
  TokenRing ring;
  EXPECT_TRUE(ring.replicas(0, 3).empty());
  ring.add_node({"-300", "0", "300"}, "A");
  ring.add_node({"-200", "100"}, "B");
  ring.add_node({"200"}, "C");
  EXPECT_EQ(ring.host_count(), 3u);
  // Token 50: owner B (100), then C (200), then A (300); A's token 0 is behind.
  EXPECT_EQ(ring.replicas(50, 3), (std::vector<std::string>{"B", "C", "A"}));
  EXPECT_EQ(ring.replicas(50, 1), (std::vector<std::string>{"B"}));
  // Past the last token: wraps to -300 (A), then -200 (B), then skips A (0) and B (100) to C.
  EXPECT_EQ(ring.replicas(301, 3), (std::vector<std::string>{"A", "B", "C"}));
  // More replicas asked than nodes: every node once.
  EXPECT_EQ(ring.replicas(50, 5).size(), 3u);
}
