#include "store/absent_fields.hpp"

#include <chrono>

namespace jobstream::store {

bool is_creation_version(std::int64_t write_time_us, std::optional<offer::SysTime> date_creation) {
  if (!date_creation) return false;
  return write_time_us ==
         std::chrono::duration_cast<std::chrono::microseconds>(date_creation->time_since_epoch()).count();
}

void leave_nulls_unset(std::vector<cql::Value>& values) {
  for (auto& v : values) {
    if (v.is_null()) v = cql::Value(cql::Unset{});
  }
}

}  // namespace jobstream::store
