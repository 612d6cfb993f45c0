# A stalled integrator ends the run with one line and exit status 3 (tests/cli/integrator_stall.sh),
# and the guard itself without MPI (tests/unit/test_integrator_guard.cpp). Included by
# tests/CMakeLists.txt after qrem_add_unit_test is defined.
qrem_add_unit_test(test_integrator_guard ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_integrator_guard.cpp)

foreach(np 1 3)
  add_test(NAME cli_integrator_stall.np${np}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/integrator_stall.sh $<TARGET_FILE:qrem>
                   ${MPIEXEC_EXECUTABLE} ${np})
  set_tests_properties(cli_integrator_stall.np${np} PROPERTIES LABELS "cli;mpi" PROCESSORS ${np}
                       ENVIRONMENT "${QREM_TEST_ENVIRONMENT}" TIMEOUT 300)
endforeach()
