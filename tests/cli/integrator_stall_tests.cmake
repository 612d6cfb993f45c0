# A stalled integrator ends the run with one line and exit status 3 (tests/cli/integrator_stall.sh),
# and the guard itself without MPI (tests/unit/test_integrator_guard.cpp). Included by
# tests/CMakeLists.txt after qrem_add_unit_test is defined.
qrem_add_unit_test(test_integrator_guard ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_integrator_guard.cpp)

foreach(np 1 3)
  qrem_add_cli_test(cli_integrator_stall.np${np} ${np} COMMAND bash
                    ${CMAKE_CURRENT_SOURCE_DIR}/cli/integrator_stall.sh $<TARGET_FILE:qrem>
                    ${MPIEXEC_EXECUTABLE} ${np})
endforeach()
