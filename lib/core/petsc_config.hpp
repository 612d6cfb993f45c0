#pragma once
// core: compile-time requirements on the PETSc build.
#include <petscconf.h>

#ifndef PETSC_USE_COMPLEX
#error "qrem needs PETSc built with complex scalars (--with-scalar-type=complex)"
#endif
