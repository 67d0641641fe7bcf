#include "config/WorkExpression.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace clscope::config {

struct WorkExpression::Node {
  char op = 0;        // '+', '-', '*', '/', 'u' (unary minus), 'n' (number), 'v' (variable)
  double number = 0;  // 'n'
  int variable = 0;   // 'v': 0..2 gx..gz, 3..5 lx..lz, 6 n
  std::shared_ptr<const Node> left, right;
};

namespace {

using Node = WorkExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxLength = 1000;

struct Variable {
  const char* name;
  int index;
};
constexpr Variable kVariables[] = {{"gx", 0}, {"gy", 1}, {"gz", 2}, {"lx", 3},
                                   {"ly", 4}, {"lz", 5}, {"n", 6}};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  NodePtr whole() {
    skip_space();
    if (pos_ == text_.size()) fail("an empty expression (write a number or an expression of gx, gy, gz, n)");
    NodePtr e = sum(0);
    skip_space();
    if (pos_ != text_.size()) fail(std::string("unexpected '") + text_[pos_] + "'");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw ExpressionError(pos_ + 1, what); }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  static NodePtr binary(char op, NodePtr l, NodePtr r) {
    auto n = std::make_shared<Node>();
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  NodePtr sum(int depth) {
    NodePtr e = product(depth);
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || (text_[pos_] != '+' && text_[pos_] != '-')) return e;
      const char op = text_[pos_++];
      e = binary(op, e, product(depth));
    }
  }

  NodePtr product(int depth) {
    NodePtr e = unary(depth);
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || (text_[pos_] != '*' && text_[pos_] != '/')) return e;
      const char op = text_[pos_++];
      e = binary(op, e, unary(depth));
    }
  }

  NodePtr unary(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply (more than 64 levels)");
    skip_space();
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) {
      const char op = text_[pos_++];
      NodePtr operand = unary(depth + 1);
      if (op == '+') return operand;
      auto n = std::make_shared<Node>();
      n->op = 'u';
      n->left = std::move(operand);
      return n;
    }
    return primary(depth);
  }

  NodePtr primary(int depth) {
    skip_space();
    if (pos_ >= text_.size()) fail("the expression ends where a number, a variable or '(' belongs");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      NodePtr e = sum(depth + 1);
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ')') fail("missing ')'");
      ++pos_;
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const std::string rest(text_.substr(pos_));
      char* end = nullptr;
      const double v = std::strtod(rest.c_str(), &end);
      if (end == rest.c_str() || !std::isfinite(v)) fail("not a number");
      auto n = std::make_shared<Node>();
      n->op = 'n';
      n->number = v;
      pos_ += static_cast<std::size_t>(end - rest.c_str());
      return n;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t end = pos_;
      while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_')) ++end;
      const std::string_view name = text_.substr(pos_, end - pos_);
      for (const auto& v : kVariables) {
        if (name == v.name) {
          auto n = std::make_shared<Node>();
          n->op = 'v';
          n->variable = v.index;
          pos_ = end;
          return n;
        }
      }
      fail("unknown name '" + std::string(name) + "' (known: gx, gy, gz, lx, ly, lz, n)");
    }
    fail(std::string("unexpected '") + c + "'");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

double value_of(const Node& n, const LaunchSize& l) {
  switch (n.op) {
    case 'n': return n.number;
    case 'v':
      if (n.variable < 3) return l.global[n.variable];
      if (n.variable < 6) return l.local[n.variable - 3];
      return l.global[0] * l.global[1] * l.global[2];
    case 'u': return -value_of(*n.left, l);
    case '+': return value_of(*n.left, l) + value_of(*n.right, l);
    case '-': return value_of(*n.left, l) - value_of(*n.right, l);
    case '*': return value_of(*n.left, l) * value_of(*n.right, l);
    default: return value_of(*n.left, l) / value_of(*n.right, l);  // '/': inf or NaN on 0
  }
}

}  // namespace

WorkExpression WorkExpression::parse(std::string_view text) {
  // Bounds the tree (evaluation and destruction recurse over it).
  if (text.size() > kMaxLength) throw ExpressionError(kMaxLength + 1, "longer than 1000 characters");
  WorkExpression e;
  e.text_ = std::string(text);
  e.root_ = Parser(e.text_).whole();
  return e;
}

std::optional<double> WorkExpression::evaluate(const LaunchSize& launch) const {
  if (!root_) return std::nullopt;
  const double v = value_of(*root_, launch);
  if (!std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

}  // namespace clscope::config
