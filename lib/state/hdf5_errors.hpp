#pragma once
// state: HDF5's automatic error printing switched off for one scope, where a missing, foreign
// or damaged file is expected and reported by qrem in one line instead of HDF5's stack dump.
#include <hdf5.h>

namespace qrem {

class SilencedHdf5Errors {
public:
    SilencedHdf5Errors() {
        H5Eget_auto2(H5E_DEFAULT, &handler_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~SilencedHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, handler_, data_); }
    SilencedHdf5Errors(const SilencedHdf5Errors&) = delete;
    SilencedHdf5Errors& operator=(const SilencedHdf5Errors&) = delete;

private:
    H5E_auto2_t handler_ = nullptr;
    void* data_ = nullptr;
};

} // namespace qrem
