// An engine written with EngineImage and read back answers every query as the original did, keeps
// applying records the same way, and a damaged image is refused with ImageError, never a crash.
#include <gtest/gtest.h>

#include <random>

#include "analytics/engine_image.hpp"
#include "analytics/figures_json.hpp"
#include "facts_builder.hpp"

namespace jobstream::analytics {
namespace {

using testing::at;
using testing::FactsBuilder;

FiguresEngine sample_engine() {
  FiguresEngine e;
  e.apply(FactsBuilder("A1", "2026-10-01T08:00:00Z")
              .place("75056", "75 - Paris")
              .rome("M1805", "Dev")
              .contract("CDI")
              .salary("Annuel de 40000 Euros")
              .skills({"SQL", "Python"})
              .employer("ACME"));
  e.apply(FactsBuilder("A2", "2026-10-02T08:00:00Z")
              .place("69123", "69 - Lyon")
              .rome("K2111", "Prof")
              .contract("CDD")
              .salary("Selon profil")
              .skills({"Accueil"})
              .posts(3)
              .remote(true));
  // A newer version with a longer skill list (a fresh arena slice, the old one dead space).
  e.apply(FactsBuilder("A2", "2026-10-02T08:00:00Z")
              .updated("2026-10-05T08:00:00Z")
              .place("69123", "69 - Lyon")
              .rome("K2111", "Prof")
              .contract("CDD")
              .skills({"Accueil", "Excel", "Gestion de stocks"}));
  e.apply(FactsBuilder("A3", "2026-10-03T08:00:00Z")
              .place("2A004", "2A - Ajaccio")
              .contract("MIS")
              .salary("Horaire de 11.65 Euros sur 12 mois")
              .withdrawn("2026-10-06T00:00:00Z"));
  e.withdraw("A1", at("2026-10-07T00:00:00Z"));
  e.withdraw("LATER", at("2026-10-08T00:00:00Z"));  // a withdrawal waiting for its offer
  return e;
}

std::string image_of(const FiguresEngine& e) {
  ByteWriter out;
  EngineImage::write(e, out);
  return out.bytes();
}

FiguresEngine read_image(const std::string& bytes) {
  ByteReader in(bytes);
  auto e = EngineImage::read(in);
  EXPECT_TRUE(in.at_end());
  return e;
}

std::vector<Filter> filters() {
  std::vector<Filter> all(5);
  all[1].departements = {"75"};
  all[2].contract_types = {"CDD"};
  all[3].from = testing::day("2026-10-02");
  all[3].to = testing::day("2026-10-06");
  all[4].rome_codes = {"K"};
  all[4].regions = {"84"};
  return all;
}

void expect_same_figures(const FiguresEngine& a, const FiguresEngine& b) {
  for (const auto& f : filters()) EXPECT_EQ(to_json_text(a.query(f)), to_json_text(b.query(f)));
}

TEST(EngineImageTest, ReadBackAnswersTheSameFigures) {
  const auto original = sample_engine();
  const auto copy = read_image(image_of(original));
  EXPECT_EQ(copy.size(), original.size());
  EXPECT_EQ(copy.stats().pending_withdrawals, 1u);
  expect_same_figures(original, copy);
  // The string pools hold the same texts under the same symbols.
  const StringPool* a[] = {&original.pools().employers, &original.pools().skills, &original.pools().communes};
  const StringPool* b[] = {&copy.pools().employers, &copy.pools().skills, &copy.pools().communes};
  for (std::size_t p = 0; p < std::size(a); ++p) {
    ASSERT_EQ(a[p]->size(), b[p]->size());
    for (Symbol s = 0; s < a[p]->size(); ++s) EXPECT_EQ(a[p]->text(s), b[p]->text(s));
  }
  EXPECT_EQ(image_of(copy), image_of(original));  // the image is a fixed point
}

TEST(EngineImageTest, ReadBackGoesOnApplyingRecordsLikeTheOriginal) {
  auto original = sample_engine();
  auto copy = read_image(image_of(original));
  // The pending withdrawal applies to the offer that now arrives; an old version stays behind a
  // newer one; a withdrawn offer reopens with a newer version.
  for (auto* e : {&original, &copy}) {
    e->apply(FactsBuilder("LATER", "2026-10-04T08:00:00Z").contract("CDI"));
    EXPECT_EQ(e->apply(FactsBuilder("A2", "2026-10-02T08:00:00Z").contract("SAI")),
              FiguresEngine::Applied::kept_newer);
    e->apply(FactsBuilder("A3", "2026-10-03T08:00:00Z").updated("2026-10-09T00:00:00Z").contract("MIS"));
    e->apply(FactsBuilder("A4", "2026-10-09T08:00:00Z").skills({"Soudure"}).employer("ACME"));
  }
  expect_same_figures(original, copy);
}

TEST(EngineImageTest, EmptyEngineRoundTrips) {
  const FiguresEngine empty;
  const auto copy = read_image(image_of(empty));
  EXPECT_EQ(copy.size(), 0u);
  expect_same_figures(empty, copy);
}

TEST(EngineImageTest, TruncatedImagesAreRefused) {
  // Every count comes before what it counts, so a cut anywhere leaves a read short.
  const auto bytes = image_of(sample_engine());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    ByteReader in(std::string_view(bytes).substr(0, size));
    EXPECT_THROW(EngineImage::read(in), ImageError) << "cut at " << size;
  }
}

TEST(EngineImageTest, ImpossibleValuesAreRefused) {
  const auto bytes = image_of(sample_engine());
  std::mt19937 rng(7);
  int refused = 0;
  // Bit flips (the file's checksum catches them first; here the image must still never crash or
  // hold a symbol outside its pool: a query over whatever reads back must answer).
  for (int i = 0; i < 3000; ++i) {
    auto damaged = bytes;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 << (rng() % 8));
    ByteReader in(damaged);
    try {
      const auto e = EngineImage::read(in);
      for (const auto& f : filters()) (void)e.query(f);
    } catch (const ImageError&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace jobstream::analytics

namespace jobstream::analytics {
namespace {

TEST(ByteCodecTest, AWriterWithASinkHandsOverEveryByteInOrder) {
  std::string sunk;
  std::size_t pieces = 0;
  ByteWriter streamed(5, [&](std::string_view piece) {
    ++pieces;
    EXPECT_GE(piece.size(), 5u);
    sunk.append(piece);
  });
  ByteWriter whole;
  for (auto* w : {&streamed, &whole}) {
    for (std::uint32_t i = 0; i < 50; ++i) {
      w->u8(static_cast<std::uint8_t>(i));
      w->u64(i * 1'000'003ULL);
      w->text("offer " + std::to_string(i));
    }
  }
  streamed.flush();
  EXPECT_EQ(sunk, whole.bytes());
  EXPECT_GT(pieces, 50u);
}

TEST(ByteCodecTest, AReaderReportsItsProgressEveryStep) {
  ByteWriter w;
  for (std::uint64_t i = 0; i < 100; ++i) w.u64(i);
  ByteReader in(w.bytes());
  std::vector<std::size_t> at;
  in.on_progress(100, [&](std::size_t position) { at.push_back(position); });
  for (std::uint64_t i = 0; i < 100; ++i) ASSERT_EQ(in.u64(), i);
  // 800 bytes in reads of 8: reports at 104, 208, ... 728, each once another 100 are passed.
  ASSERT_EQ(at.size(), 7u);
  for (std::size_t k = 1; k < at.size(); ++k) EXPECT_GE(at[k] - at[k - 1], 100u);
  EXPECT_EQ(
      fnv1a64(std::string_view(w.bytes()).substr(300), fnv1a64(std::string_view(w.bytes()).substr(0, 300))),
      fnv1a64(w.bytes()));  // a checksum taken piece by piece is the whole one
}

}  // namespace
}  // namespace jobstream::analytics
