# -DQREM_SANITIZE=address,undefined builds everything with those sanitizers.
set(QREM_SANITIZE "" CACHE STRING "Comma-separated sanitizers (e.g. address,undefined)")
if(QREM_SANITIZE)
  add_compile_options(-fsanitize=${QREM_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${QREM_SANITIZE})
endif()
