# Cluster studies: the job templates' restart logic (stubbed qrem/srun/scontrol), the sweep
# generator and collector, a 3-point N-sweep and strong/weak scaling studies run through the
# templates' local fallback. Included by tests/CMakeLists.txt (jobs_local is registered there).
# The Python scripts run under Debian's interpreter (QREM_PLOT_PYTHON, which has numpy and
# matplotlib); exit 77 (matplotlib missing: no PNG) is a skip.
if(NOT QREM_PLOT_PYTHON)
  find_program(QREM_PLOT_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
endif()
set(_qrem_jobs_cli ${CMAKE_CURRENT_SOURCE_DIR}/cli)

add_test(NAME jobs_restart COMMAND bash ${_qrem_jobs_cli}/jobs_restart.sh ${PROJECT_SOURCE_DIR}/jobs)
set_tests_properties(jobs_restart PROPERTIES LABELS "cli;unit" TIMEOUT 60)

add_test(NAME jobs_collect COMMAND bash ${_qrem_jobs_cli}/jobs_collect.sh ${QREM_PLOT_PYTHON}
                                   ${PROJECT_SOURCE_DIR}/scripts)
set_tests_properties(jobs_collect PROPERTIES LABELS "cli;unit" SKIP_RETURN_CODE 77 TIMEOUT 60)

add_test(NAME jobs_sweep COMMAND bash ${_qrem_jobs_cli}/jobs_sweep.sh $<TARGET_FILE:qrem> ${MPIEXEC_EXECUTABLE}
                                 ${QREM_PLOT_PYTHON} ${PROJECT_SOURCE_DIR})
set_tests_properties(jobs_sweep PROPERTIES LABELS "cli;mpi" PROCESSORS 2 SKIP_RETURN_CODE 77 TIMEOUT 120
                                           ENVIRONMENT "${QREM_TEST_ENVIRONMENT}")

add_test(NAME jobs_scaling COMMAND bash ${_qrem_jobs_cli}/jobs_scaling.sh $<TARGET_FILE:qrem> ${MPIEXEC_EXECUTABLE}
                                   ${QREM_PLOT_PYTHON} ${PROJECT_SOURCE_DIR})
set_tests_properties(jobs_scaling PROPERTIES LABELS "cli;mpi" PROCESSORS 2 SKIP_RETURN_CODE 77 TIMEOUT 120
                                             ENVIRONMENT "${QREM_TEST_ENVIRONMENT}")

# The real checkpoint/restart through the templates (SIGUSR1 to mpiexec, exit 75, continue);
# exit 77 (a qrem without --restart) is a skip.
add_test(NAME jobs_checkpoint COMMAND bash ${_qrem_jobs_cli}/jobs_checkpoint.sh $<TARGET_FILE:qrem> ${MPIEXEC_EXECUTABLE}
                                      ${QREM_PLOT_PYTHON} ${PROJECT_SOURCE_DIR}/jobs)
set_tests_properties(jobs_checkpoint PROPERTIES LABELS "cli;mpi" PROCESSORS 2 SKIP_RETURN_CODE 77 TIMEOUT 120
                                                ENVIRONMENT "${QREM_TEST_ENVIRONMENT}")

# The templates under a real one-node Slurm that the test starts and stops itself (installing
# Debian's Slurm first if absent: scripts/install-deps.sh --slurm); exit 77 (not root, no packages)
# is a skip with the reason. PROCESSORS 2: the cluster's node has this machine's CPUs.
add_test(NAME jobs_slurm COMMAND bash ${PROJECT_SOURCE_DIR}/tests/slurm/jobs_slurm.sh $<TARGET_FILE:qrem>
                                 ${MPIEXEC_EXECUTABLE} ${QREM_PLOT_PYTHON} ${PROJECT_SOURCE_DIR})
set_tests_properties(jobs_slurm PROPERTIES LABELS "slurm;cli" PROCESSORS 2 SKIP_RETURN_CODE 77 TIMEOUT 900
                                           ENVIRONMENT "${QREM_TEST_ENVIRONMENT}")
