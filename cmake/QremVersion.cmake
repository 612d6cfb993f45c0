# Writes app/version.hpp (OUTPUT) from INPUT with the source tree's `git describe --always
# --dirty`, at every build (app/CMakeLists.txt), so that a build after a commit or an edit never
# reports the commit it was configured at. configure_file leaves OUTPUT untouched when nothing
# changed: no rebuild then. Arguments: -DINPUT= -DOUTPUT= -DSOURCE_DIR= -DPROJECT_VERSION=
# -DGIT_EXECUTABLE= (empty without git).
set(QREM_GIT_COMMIT "unknown")
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0 AND described)
    set(QREM_GIT_COMMIT "${described}")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
