#pragma once

#include "analytics/byte_codec.hpp"
#include "analytics/figures_engine.hpp"

namespace jobstream::analytics {

/// The whole state of a FiguresEngine as bytes, and back: its string pools in symbol order, the
/// skills arena and one record per row (id, versions, symbols, salary). Read back, the engine
/// holds the same rows with the same symbols, so it answers every query as the original did and
/// goes on applying records the same way (withdrawals waiting for their offer included).
///
/// The layout is versioned by the file that carries it (web/figures_snapshot); this class checks
/// only that what it reads can be held: symbols inside their pool, skills inside the arena, enums
/// known, ids unique. Anything else throws ImageError.
class EngineImage {
 public:
  static void write(const FiguresEngine& engine, ByteWriter& out);
  static FiguresEngine read(ByteReader& in);
};

}  // namespace jobstream::analytics
