#pragma once
// core: the PETSc options a user gave, checked: a qrem key written with one dash, and options
// that nothing in the run read (misspelt, or for an object this run does not create), are input
// errors rather than silently ignored (PETSc itself drops unknown options without a word).
#include <string>
#include <vector>

namespace qrem {

/// Throws InputError for a token of `petsc_args` that is one of qrem's keys with a single dash
/// ("-model.N": PETSc option names have no dots).
void refuse_qrem_keys_as_petsc_options(const std::vector<std::string>& petsc_args);

/// Throws InputError (the same on every rank) naming the options of PETSc's database that no
/// object has read so far, besides those only PETSc's finalisation reads (-options_left, ...).
/// Call once every PETSc object of the run has been set up.
void refuse_unused_petsc_options();

/// The options of PETSc's database (command line, PETSC_OPTIONS, .petscrc), "-name value ...",
/// for the record: summary.json and checkpoints.
std::string petsc_options_text();

/// "-name: A in the checkpoint, B now; ..." for every option that differs between two texts
/// of petsc_options_text ("(absent)" where one lacks it); "" when they agree.
std::string petsc_option_changes(const std::string& checkpoint, const std::string& now);

} // namespace qrem
