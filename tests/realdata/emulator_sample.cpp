// Writes emulated offers as JSON Lines, one per creation time read from standard input
// ("2025-03-11T11:53:21.272Z"), so that a sample of the emulator can be compared with real offers
// created at the same moments (fields appeared over time). usage: emulator_sample SEED < times
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "emulator/offer_generator.hpp"
#include "source/api_time.hpp"

int main(int argc, char** argv) {
  using namespace jobstream;
  const emulator::OfferGenerator generator(argc > 1 ? std::stoull(argv[1]) : 1);
  std::string line;
  for (std::uint64_t index = 0; std::getline(std::cin, line); ++index) {
    const auto created = source::parse_api_time(line);
    if (!created) {
      std::fprintf(stderr, "line %llu: not an API time: %s\n", static_cast<unsigned long long>(index) + 1,
                   line.c_str());
      return 2;
    }
    // The second of the real offer; milliseconds of its own, as the emulator's corpus draws them.
    const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(*created) +
                    std::chrono::milliseconds(index * 7919 % 1000);
    const auto offer = generator.make(index, at);
    std::fwrite(offer.json.data(), 1, offer.json.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}
