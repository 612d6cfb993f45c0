# -DQREM_SANITIZE=address,undefined builds everything with those sanitizers. Every finding is
# fatal (-fno-sanitize-recover): UBSan would otherwise print and carry on, and a test would pass.
# scripts/test-sanitizers.sh builds and tests this way (build-asan/); the test environment it
# needs (ASAN_OPTIONS, UBSAN_OPTIONS, longer timeouts) is set in cmake/QremTesting.cmake.
set(QREM_SANITIZE "" CACHE STRING "Comma-separated sanitizers (e.g. address,undefined)")
if(QREM_SANITIZE)
  add_compile_options(-fsanitize=${QREM_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${QREM_SANITIZE})
endif()
