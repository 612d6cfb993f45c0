# Warnings are on for qrem's own targets (not for third-party headers).
add_library(qrem_warnings INTERFACE)
target_compile_options(qrem_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
option(QREM_WERROR "Treat warnings as errors" OFF)
if(QREM_WERROR)
  target_compile_options(qrem_warnings INTERFACE -Werror)
endif()
