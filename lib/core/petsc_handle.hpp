#pragma once
// core: move-only RAII owners of PETSc/SLEPc objects. Destructors never throw.
#include <petscts.h>
#include <petscviewer.h>
#include <slepceps.h>
#include <slepcfn.h>
#include <slepcmfn.h>

#include <utility>

namespace qrem {

template <typename T, PetscErrorCode (*Destroy)(T*)> class PetscHandle {
public:
    PetscHandle() = default;
    /// Takes ownership of an existing object.
    explicit PetscHandle(T object) noexcept : object_(object) {}
    PetscHandle(const PetscHandle&) = delete;
    PetscHandle& operator=(const PetscHandle&) = delete;
    PetscHandle(PetscHandle&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
    PetscHandle& operator=(PetscHandle&& other) noexcept {
        if (this != &other) {
            reset();
            object_ = std::exchange(other.object_, nullptr);
        }
        return *this;
    }
    ~PetscHandle() { reset(); }

    T get() const noexcept { return object_; }
    operator T() const noexcept { return object_; } // NOLINT: pass straight to PETSc calls
    /// Address for PETSc's create functions; releases what was held first.
    T* out() noexcept {
        reset();
        return &object_;
    }
    explicit operator bool() const noexcept { return object_ != nullptr; }
    void reset() noexcept {
        if (object_)
            (void)Destroy(&object_); // a failing destroy must not throw from a destructor
        object_ = nullptr;
    }

private:
    T object_ = nullptr;
};

using VecHandle = PetscHandle<Vec, VecDestroy>;
using MatHandle = PetscHandle<Mat, MatDestroy>;
using TSHandle = PetscHandle<TS, TSDestroy>;
using ViewerHandle = PetscHandle<PetscViewer, PetscViewerDestroy>;
using EPSHandle = PetscHandle<EPS, EPSDestroy>;
using FNHandle = PetscHandle<FN, FNDestroy>;
using MFNHandle = PetscHandle<MFN, MFNDestroy>;
using ISHandle = PetscHandle<IS, ISDestroy>;
using VecScatterHandle = PetscHandle<VecScatter, VecScatterDestroy>;

} // namespace qrem
