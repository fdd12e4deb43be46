#pragma once

#include <string>

#include "analytics/figures.hpp"

namespace jobstream::analytics {

/// Human-readable text for a terminal: headline, salary, time on market, the daily series and
/// every ranking, each list cut to `list_rows` lines (the JSON and CSV forms are never cut).
std::string render_table(const Figures& figures, std::size_t list_rows = 15);

/// Long-format CSV (RFC 4180, header included), one figure per line, for spreadsheets and loaders:
///   section,key,label,parent,metric,value
///   totals,,,,open_at_end,1234
///   daily,2026-11-02,,,new,57
///   salary,,,,median,32000
///   salary_histogram,30000,,35000,count,12        (key = lower bound, parent = upper bound)
///   top_rome,M1805,Études et développement informatique,,count,40
///   by_departement,2A,Corse-du-Sud,94,count,7
/// Absent figures (a median of no salary) are left out rather than written empty.
std::string render_csv(const Figures& figures);

}  // namespace jobstream::analytics
