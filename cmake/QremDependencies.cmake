# PETSc and SLEPc (complex scalars) through pkg-config, MPI, LAPACK, Boost, Catch2.
#
# PETSc is searched, in this order, in $PETSC_DIR[/$PETSC_ARCH] and $SLEPC_DIR (cluster
# modules and Spack set these), then in Debian's complex build, then on PKG_CONFIG_PATH.
find_package(PkgConfig REQUIRED)

set(_qrem_pc_dirs "")
if(DEFINED ENV{PETSC_DIR})
  if(DEFINED ENV{PETSC_ARCH})
    list(APPEND _qrem_pc_dirs "$ENV{PETSC_DIR}/$ENV{PETSC_ARCH}/lib/pkgconfig")
  endif()
  list(APPEND _qrem_pc_dirs "$ENV{PETSC_DIR}/lib/pkgconfig")
endif()
if(DEFINED ENV{SLEPC_DIR})
  if(DEFINED ENV{PETSC_ARCH})
    list(APPEND _qrem_pc_dirs "$ENV{SLEPC_DIR}/$ENV{PETSC_ARCH}/lib/pkgconfig")
  endif()
  list(APPEND _qrem_pc_dirs "$ENV{SLEPC_DIR}/lib/pkgconfig")
endif()
file(GLOB _qrem_debian_pc
  /usr/lib/petscdir/petsc*/*-complex/lib/pkgconfig
  /usr/lib/slepcdir/slepc*/*-complex/lib/pkgconfig)
list(APPEND _qrem_pc_dirs ${_qrem_debian_pc})
set(ENV{PKG_CONFIG_PATH} "${_qrem_pc_dirs}:$ENV{PKG_CONFIG_PATH}")
string(REPLACE ";" ":" ENV{PKG_CONFIG_PATH} "$ENV{PKG_CONFIG_PATH}")

pkg_check_modules(PETSC REQUIRED IMPORTED_TARGET PETSc)
pkg_check_modules(SLEPC REQUIRED IMPORTED_TARGET SLEPc)
message(STATUS "PETSc ${PETSC_VERSION} from ${PETSC_INCLUDE_DIRS}")
message(STATUS "SLEPc ${SLEPC_VERSION} from ${SLEPC_INCLUDE_DIRS}")

# qrem's density matrices are complex: refuse a real-scalar PETSc at configure time
# (a compile-time #error in lib/core/petsc_config.hpp guards the same).
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_INCLUDES ${PETSC_INCLUDE_DIRS})
check_cxx_source_compiles("
#include <petscconf.h>
#ifndef PETSC_USE_COMPLEX
#error real
#endif
int main() { return 0; }" QREM_PETSC_IS_COMPLEX)
unset(CMAKE_REQUIRED_INCLUDES)
if(NOT QREM_PETSC_IS_COMPLEX)
  message(FATAL_ERROR "qrem needs PETSc built with complex scalars (--with-scalar-type=complex); "
                      "the PETSc found in ${PETSC_INCLUDE_DIRS} uses real scalars. "
                      "On Debian: apt-get install libpetsc-complex3.18-dev libslepc-complex3.18-dev")
endif()

# petscviewerhdf5.h includes <hdf5.h>: PETSc's HDF5 is the parallel (MPI) build.
set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(WARNING "HDF5 found in ${HDF5_INCLUDE_DIRS} is not the parallel build PETSc uses")
endif()

find_package(MPI REQUIRED COMPONENTS C CXX)
find_package(LAPACK REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)

# LEMON (network simplex for dist_1; its Lp, GLPK's simplex, checks it in the tests). Debian's
# CMake config names only the static library, which would need GLPK's development files: take
# the shared one, which brings GLPK along.
find_path(QREM_LEMON_INCLUDE_DIR lemon/network_simplex.h)
find_library(QREM_LEMON_LIBRARY NAMES lemon)
if(NOT QREM_LEMON_INCLUDE_DIR OR NOT QREM_LEMON_LIBRARY)
  message(FATAL_ERROR "qrem needs LEMON (lemon/network_simplex.h, liblemon); on Debian: "
                      "apt-get install liblemon-dev (bash scripts/install-deps.sh)")
endif()
add_library(qrem::lemon INTERFACE IMPORTED)
target_include_directories(qrem::lemon SYSTEM INTERFACE ${QREM_LEMON_INCLUDE_DIR})
target_link_libraries(qrem::lemon INTERFACE ${QREM_LEMON_LIBRARY})

# ScaLAPACK (with BLACS) for Gamma's spectrum, values only (lib/diagnostics/scalapack.cpp).
# Debian's build for OpenMPI installs no CMake config or pkg-config file: find the library.
find_library(QREM_SCALAPACK_LIBRARY NAMES scalapack-openmpi scalapack
             HINTS $ENV{SCALAPACK_DIR}/lib $ENV{SCALAPACK_ROOT}/lib)
if(NOT QREM_SCALAPACK_LIBRARY)
  message(FATAL_ERROR "qrem needs ScaLAPACK built for the MPI in use (libscalapack-openmpi.so); "
                      "on Debian: apt-get install libscalapack-openmpi-dev, elsewhere set "
                      "QREM_SCALAPACK_LIBRARY or SCALAPACK_DIR")
endif()
message(STATUS "ScaLAPACK: ${QREM_SCALAPACK_LIBRARY}")
add_library(qrem::scalapack INTERFACE IMPORTED)
# ELPA (Debian's libelpa-dev, pkg-config "elpa"): its two-stage solver on the same block-cyclic
# copy, the default for the spectrum (bench/README.md).
pkg_check_modules(ELPA REQUIRED IMPORTED_TARGET elpa)
target_link_libraries(qrem::scalapack INTERFACE PkgConfig::ELPA ${QREM_SCALAPACK_LIBRARY}
                      LAPACK::LAPACK MPI::MPI_CXX)
