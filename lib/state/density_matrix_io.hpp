#pragma once
// state: Gamma to and from HDF5 files (PETSc's HDF5 viewer). The file holds a Vec of D^2
// entries in row-major order (entry r*D + s is Gamma_rs), whatever the number of ranks that
// wrote it, so a file written on P ranks is read on any other number.
#include "state/density_matrix.hpp"

#include <petscviewer.h>

#include <cstdint>
#include <string>

namespace qrem {

/// Writes Gamma as dataset `name` to a temporary file beside `path`, then renames it over
/// `path` (collective).
void save_density_matrix(const DensityMatrix& Gamma, const std::string& path,
                         const std::string& name = "Gamma");

/// Reads dataset `name` of `path` into Gamma (collective). Throws InputError naming `field`
/// if the file is missing or holds a matrix of another size.
void load_density_matrix(DensityMatrix& Gamma, const std::string& path, const std::string& field,
                         const std::string& name = "Gamma");

/// Throws InputError naming `field` unless `path` is a regular file in HDF5 format (checked
/// before PETSc's HDF5 viewer opens it, which would print HDF5's diagnostic stack).
void check_hdf5_file(const std::string& path, const std::string& field);

/// Gamma as dataset `name` (with attributes d and N) into an open HDF5 viewer (collective).
void write_density_matrix(const DensityMatrix& Gamma, PetscViewer viewer, const std::string& name);

/// Dataset `name` of an open HDF5 viewer into Gamma (collective); InputError naming `field`
/// (about `path`) if it is missing or of another size.
void read_density_matrix(DensityMatrix& Gamma, PetscViewer viewer, const std::string& name,
                         const std::string& field, const std::string& path);

/// A 64-bit hash of Gamma's entries and their positions, identical for any number of ranks
/// (a wrapping sum of per-entry hashes): detects a corrupted or truncated file.
std::uint64_t content_hash(const DensityMatrix& Gamma);

/// Bytes of Gamma's dataset in a file: D^2 complex numbers.
std::uint64_t file_bytes(const DensityMatrix& Gamma);

} // namespace qrem
