#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jobstream::common {

/// What `/readyz` answers: the command registers one check per part that must work (Kafka
/// reachable, partitions assigned, the last harvest cycle complete...). A check returns nullopt
/// when its part is ready, else a short reason, which `/readyz` lists.
///
/// @locks add() and evaluate() are thread-safe; checks run on the metrics server's thread and must
/// only read atomics (gauge values, flags).
class Readiness {
 public:
  using Check = std::function<std::optional<std::string>()>;

  void add(std::string name, Check check);

  struct Verdict {
    bool ready = false;
    std::string text;  ///< "ready", or one "<name>: <reason>" line per failing check
  };
  /// Ready when every check passes. No check at all means not ready: a command that registers
  /// nothing has not started yet.
  Verdict evaluate() const;

 private:
  mutable std::mutex _mutex;
  std::vector<std::pair<std::string, Check>> _checks;
};

}  // namespace jobstream::common
