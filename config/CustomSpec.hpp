#pragma once
// The compact string forms of the `custom` workload's keys (buffers, args,
// global, local). Checked when a scenario is loaded (so errors point at the
// key's line and column) and parsed again by the workload factory.
//
//   buffers = "NAME:SIZE:INIT[:ACCESS], ..."
//     SIZE    bytes, with K/M/G (KiB/MiB/GiB) suffixes; "auto" only with file=
//             init (the file's size)
//     INIT    zero | random (floats in [0,1)) | random_int (32-bit integers in
//             [0, 2^31)) | sequence (floats 0, 1, 2, ...) | sequence_int
//             (32-bit integers 0, 1, 2, ...) | file=PATH (raw bytes; PATH is
//             relative to the scenario file's folder and may not contain ':'
//             or ','; the file must hold at least SIZE bytes)
//     ACCESS  read | write | read_write (default), the kernel's access
//   args = "ARG, ARG, ..."  in the kernel's parameter order, each one of
//     NAME        a buffer from `buffers` (for __global/__constant pointers)
//     TYPE:VALUE  a scalar: TYPE one of char uchar short ushort int uint long
//                 ulong float double; VALUE in the type's range
//     local:SIZE  a __local buffer of SIZE bytes
//   global = "X[,Y[,Z]]", local = "" (the runtime chooses) or "X[,Y[,Z]]"
//
// Every function throws ConfigError with a message without location.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clscope::config {

struct BufferSpec {
  std::string name;
  std::int64_t bytes = 0;    ///< 0 = auto (the init file's size)
  std::string init;          ///< zero, random, random_int, sequence, sequence_int, file
  std::string file;          ///< for init = file, as written
  std::string access = "read_write";  ///< read, write, read_write
};

struct ArgSpec {
  enum class Kind { buffer, scalar, local };
  Kind kind = Kind::buffer;
  std::string text;   ///< as written, for messages
  std::string name;   ///< buffer name (Kind::buffer)
  std::string type;   ///< scalar type (Kind::scalar)
  std::variant<std::int64_t, std::uint64_t, double> value;  ///< scalar value
  std::int64_t local_bytes = 0;  ///< Kind::local
};

std::vector<BufferSpec> parse_buffers(std::string_view text);
std::vector<ArgSpec> parse_args(std::string_view text);
/// "1024" or "1024,768" or "64,64,4": 1 to 3 positive sizes. Empty text gives
/// an empty vector when `allow_empty`.
std::vector<std::uint64_t> parse_dims(std::string_view text, bool allow_empty);
/// Size in bytes of a scalar type name, 0 when unknown.
std::size_t scalar_type_bytes(std::string_view type);

}  // namespace clscope::config
