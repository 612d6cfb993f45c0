#pragma once
// core: qrem's PETSc log events (the parts of a phase that -log_view lists on their own, e.g.
// RHSHamiltonian, QuadratureNodes).
#include <petsclog.h>

namespace qrem {

/// The event of that name in qrem's class, registered on first use (the same on every call).
PetscLogEvent log_event(const char* name);

/// Times its scope as `event`.
class ScopedEvent {
public:
    explicit ScopedEvent(PetscLogEvent event) : event_(event) {
        PetscLogEventBegin(event_, 0, 0, 0, 0);
    }
    ~ScopedEvent() { PetscLogEventEnd(event_, 0, 0, 0, 0); }
    ScopedEvent(const ScopedEvent&) = delete;
    ScopedEvent& operator=(const ScopedEvent&) = delete;

private:
    PetscLogEvent event_;
};

} // namespace qrem
