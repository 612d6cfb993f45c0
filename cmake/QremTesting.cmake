# Test registration. Every test binary links the custom Catch2 main (tests/support/test_main.cpp)
# that opens the MPI/PETSc/SLEPc session once.
#   qrem_add_unit_test(name sources...)  serial, label "unit"
#   qrem_add_mpi_test(name sources...)   at 1, 2 and 3 ranks, label "mpi"
#   qrem_add_cli_test(name ranks COMMAND ...)  a script that runs qrem at `ranks` ranks,
#                                               labels "cli;mpi"
set(QREM_TEST_ENVIRONMENT
  "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1;OPENBLAS_NUM_THREADS=1")
set(QREM_MPI_RANKS 1 2 3 CACHE STRING "Rank counts every MPI test runs at")

function(qrem_add_unit_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE qrem_test_support qrem_warnings)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit ENVIRONMENT "${QREM_TEST_ENVIRONMENT}" TIMEOUT 300)
endfunction()

function(qrem_add_mpi_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE qrem_test_support qrem_warnings)
  foreach(np IN LISTS QREM_MPI_RANKS)
    add_test(NAME ${name}.np${np}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --oversubscribe
                     ${MPIEXEC_PREFLAGS} $<TARGET_FILE:${name}> ${MPIEXEC_POSTFLAGS})
    set_tests_properties(${name}.np${np} PROPERTIES LABELS mpi PROCESSORS ${np}
                         ENVIRONMENT "${QREM_TEST_ENVIRONMENT}" TIMEOUT 300)
  endforeach()
endfunction()

function(qrem_add_cli_test name ranks)
  cmake_parse_arguments(ARG "" "" "COMMAND" ${ARGN})
  add_test(NAME ${name} COMMAND ${ARG_COMMAND})
  set_tests_properties(${name} PROPERTIES LABELS "cli;mpi" PROCESSORS ${ranks}
                       ENVIRONMENT "${QREM_TEST_ENVIRONMENT}" TIMEOUT 300)
endfunction()

# Under -DQREM_SANITIZE (scripts/test-sanitizers.sh, build-asan/) every test of this directory,
# also those registered with add_test directly, gets the sanitizers' runtime options and
# QREM_TEST_TIMEOUT_MULTIPLIER times its timeout; applied once the directory is complete.
if(QREM_SANITIZE)
  # detect_leaks=0: OpenMPI, PETSc and OpenBLAS keep allocations until exit by design, and
  # OpenMPI unloads its plugins at MPI_Finalize, so LeakSanitizer reports dozens of leaks per
  # process whose stacks end in "<unknown module>": no suppression file can name them, and one
  # that names libmpi/libpetsc would also hide qrem's own PETSc-object leaks. qrem's own
  # memory is RAII (std::vector, PetscHandle).
  # allow_user_segv_handler=0: PETSc installs its own SIGSEGV handler, which would replace
  # ASan's report (with the stack) by "PETSC ERROR: Caught signal number 11".
  # The reference BLAS preloaded (LD_PRELOAD; verify_asan_link_order=0 lets it precede the
  # ASan runtime): the zgemv_n kernels of Debian 12's OpenBLAS 0.3.21 read past the end of
  # their vector (OpenMathLib/OpenBLAS#4013; valgrind shows 16 bytes after a buffer that
  # ScaLAPACK's pzhemv allocates itself, under pzheev). Harmless with glibc's malloc, a random
  # SEGV with ASan's: it failed cli_reference.np3 and cli_restart.np3 in 2 of 3 runs.
  set(QREM_SANITIZER_ENVIRONMENT
      "ASAN_OPTIONS=detect_leaks=0:allow_user_segv_handler=0:check_initialization_order=1:strict_init_order=1:verify_asan_link_order=0"
      "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
  find_file(QREM_REFERENCE_BLAS libblas.so.3 PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/blas
            NO_DEFAULT_PATH DOC "Reference BLAS preloaded in the sanitizer tests")
  if(QREM_REFERENCE_BLAS)
    list(APPEND QREM_SANITIZER_ENVIRONMENT "LD_PRELOAD=${QREM_REFERENCE_BLAS}")
  else()
    message(WARNING "No reference BLAS (Debian: libblas3): the sanitizer tests use the default "
                    "BLAS, whose over-reads may crash them at random")
  endif()
  set(QREM_TEST_TIMEOUT_MULTIPLIER 4 CACHE STRING "Factor on every test's TIMEOUT in a sanitizer build")
  function(qrem_sanitize_tests)
    get_property(tests DIRECTORY PROPERTY TESTS)
    foreach(test IN LISTS tests)
      get_test_property(${test} TIMEOUT timeout)
      if(timeout)
        math(EXPR timeout "${timeout} * ${QREM_TEST_TIMEOUT_MULTIPLIER}")
        set_tests_properties(${test} PROPERTIES TIMEOUT ${timeout})
      endif()
      set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT ${QREM_SANITIZER_ENVIRONMENT})
    endforeach()
    # The dense reference in tests/support is the tests' oracle, not code under test: its
    # O(D^3) loops over vectors of vectors ran 3-4x slower instrumented and dominated the run.
    # (Same -O level as qrem: at -O2 a kron differed from qrem's in the last bit.)
    if(TARGET qrem_test_support)
      target_compile_options(qrem_test_support PRIVATE -fno-sanitize=all -U_GLIBCXX_ASSERTIONS)
    endif()
  endfunction()
  cmake_language(DEFER CALL qrem_sanitize_tests)
endif()
