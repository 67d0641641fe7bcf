# Every dependency comes from a Debian package; the package name is given so a
# failed lookup says what to install.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

set(CURSES_NEED_NCURSES TRUE)
set(CURSES_NEED_WIDE TRUE)
find_package(Curses REQUIRED)  # libncurses-dev
add_library(clscope_curses INTERFACE)
target_include_directories(clscope_curses SYSTEM INTERFACE ${CURSES_INCLUDE_DIRS})
target_link_libraries(clscope_curses INTERFACE ${CURSES_LIBRARIES})
target_compile_definitions(clscope_curses INTERFACE NCURSES_WIDECHAR=1 _XOPEN_SOURCE_EXTENDED=1)

find_package(TBB REQUIRED)  # libtbb-dev
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc>=2.0)  # libhwloc-dev
find_package(OpenCL 3.0 REQUIRED)  # ocl-icd-opencl-dev
find_package(OpenCLHeaders REQUIRED)  # opencl-c-headers
find_package(OpenCLHeadersCpp REQUIRED)  # opencl-clhpp-headers
find_package(tomlplusplus 3 REQUIRED)  # libtomlplusplus-dev
find_package(nlohmann_json 3.10 REQUIRED)  # nlohmann-json3-dev
find_package(fmt 9 REQUIRED)  # libfmt-dev
# Debian ships cpp-httplib compiled (libcpp-httplib.so, with OpenSSL, zlib and
# brotli): its pkg-config file gives the defines the header must see.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)  # libcpp-httplib-dev

# One place for the OpenCL C++ bindings' configuration (see README: Debian's
# headers need target 300 / minimum 110).
add_library(clscope_opencl INTERFACE)
target_link_libraries(clscope_opencl INTERFACE OpenCL::OpenCL OpenCL::HeadersCpp)
target_compile_definitions(clscope_opencl INTERFACE CL_HPP_TARGET_OPENCL_VERSION=300
                                                    CL_HPP_MINIMUM_OPENCL_VERSION=110
                                                    CL_HPP_ENABLE_EXCEPTIONS=1
                                                    CL_TARGET_OPENCL_VERSION=300)
