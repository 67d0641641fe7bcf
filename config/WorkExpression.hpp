#pragma once
// The work a kernel of an observed program does per launch, declared by the
// user as an arithmetic expression of its launch size ([app.kernel."NAME"]
// bytes = "...", flops = "..." in a scenario file): numbers (1e6, 0.5), the
// variables gx, gy, gz (global size per dimension, 1 when unused), lx, ly, lz
// (local size, 0 when the program let the driver choose) and n (gx*gy*gz),
// + - * / and parentheses, with the usual precedence and unary minus.
// Parsed once; evaluated per launch. Pure; thread-safe (const after parse).
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clscope::config {

/// A malformed expression: `column` (1-based, in the expression text) and what is wrong there.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(std::size_t column, const std::string& what) : std::runtime_error(what), column_(column) {}
  std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

/// The launch an expression is evaluated for.
struct LaunchSize {
  double global[3] = {1, 1, 1};
  double local[3] = {0, 0, 0};
};

class WorkExpression {
 public:
  /// Throws ExpressionError for anything it cannot read (empty text, an
  /// unknown name, an unbalanced parenthesis, a stray character; nesting
  /// deeper than 64; more than 1000 characters).
  static WorkExpression parse(std::string_view text);

  /// The value for `launch`; nullopt when it is not a finite number >= 0
  /// (a division by zero, a negative result): that launch counts no work.
  std::optional<double> evaluate(const LaunchSize& launch) const;
  const std::string& text() const { return text_; }

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
};

}  // namespace clscope::config
