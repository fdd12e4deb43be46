#pragma once

#include <chrono>

namespace jobstream::common {

/// The offset of Paris local time from UTC at a UTC instant: +1 h in winter, +2 h in summer
/// (EU rule: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC).
std::chrono::hours paris_offset(std::chrono::sys_seconds utc);

/// Reads a wall-clock time written as UTC as if it were Paris local time, and returns the UTC
/// instant. The real API is reported to read `minCreationDate`/`maxCreationDate` this way despite
/// their `Z` (contract §0), so the emulator does too: a window ending "now" in UTC misses the last
/// one or two hours of offers.
std::chrono::sys_seconds paris_wall_clock_to_utc(std::chrono::sys_seconds wall_clock);

/// The bound to write for a UTC instant so that an API reading it as Paris local time reads that
/// instant: its Paris wall clock, written as UTC.
std::chrono::sys_seconds utc_to_paris_wall_clock(std::chrono::sys_seconds utc);

}  // namespace jobstream::common
