#pragma once
// Reading the real offers recorded from the France Travail API (third-party data, never copied
// into the repository): the tests read them where CI keeps them, ../shared/data/real-offers/
// beside the checkout. A missing file fails the test; it is never skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace jobstream::realdata {

inline std::filesystem::path real_offers_dir() { return JOBSTREAM_REAL_OFFERS_DIR; }

/// The lines of one file of the directory, without their '\n'; the header too for .tsv files.
inline std::vector<std::string> read_lines(const std::string& name) {
  std::ifstream in(real_offers_dir() / name);
  EXPECT_TRUE(in.good()) << "cannot read " << (real_offers_dir() / name)
                         << ": the real offers belong in ../shared/data/real-offers/ beside the checkout";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Splits a .tsv line on tabs (empty cells kept).
inline std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == '\t') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

}  // namespace jobstream::realdata
