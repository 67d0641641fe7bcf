#pragma once
// The trials of one ceiling: every timed trial of every variant, the best one
// kept, and the spread of the best three trials of the winning variant (how
// far its third best is from the best, as a fraction of the best: noise, not
// the difference between variants). A ceiling is stable when that spread is
// within the method's bound. Latencies (dispatch, round trip): lower is best.
#include <optional>
#include <string>
#include <vector>

namespace clscope::core {

class TrialSet {
 public:
  explicit TrialSet(bool lower_is_better = false) : lower_is_better_(lower_is_better) {}
  void add(double value, const std::string& variant);
  std::size_t count() const { return trials_.size(); }
  std::size_t count(const std::string& variant) const;
  std::optional<double> best() const;
  std::string best_variant() const;
  /// |third best - best| / best over the winning variant's trials; empty
  /// while it has fewer than three.
  std::optional<double> spread_of_best_three() const;
  bool stable(double within) const;

 private:
  struct Trial {
    double value;
    std::string variant;
  };
  std::vector<Trial> sorted() const;  ///< best first
  bool lower_is_better_;
  std::vector<Trial> trials_;
};

}  // namespace clscope::core
