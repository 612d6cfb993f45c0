# Test registration. Every test binary links the custom Catch2 main (tests/support/test_main.cpp)
# that opens the MPI/PETSc/SLEPc session once.
#   qrem_add_unit_test(name sources...)  serial, label "unit"
#   qrem_add_mpi_test(name sources...)   at 1, 2 and 3 ranks, label "mpi"
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
