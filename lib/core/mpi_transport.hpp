#pragma once
// core: Open MPI's point-to-point layer for runs that stay on one machine. Debian's Open MPI
// probes its network layers (UCX, then cm's) at MPI_Init and, where there is no InfiniBand
// (laptops, workstations, most cloud VMs), rejects them only after that: 0.2 s of every start on
// this project's machines (`mpiexec -n 2` of MPI_Init alone: 0.45 s, 0.23 s with ob1; excluding
// UCX alone left it at 0.45 s). On one node ob1 with shared memory is what it ends up using.
namespace qrem {

/// Sets OMPI_MCA_pml=ob1 in this process's environment, before MPI_Init reads it, when every
/// rank of the job runs on this machine (Open MPI's launcher: OMPI_COMM_WORLD_SIZE equals
/// OMPI_COMM_WORLD_LOCAL_SIZE; or a singleton, started without any launcher) and the user has
/// not chosen a layer (OMPI_MCA_pml unset). Jobs across nodes, and jobs started by srun, keep
/// Open MPI's own choice. Returns whether it set the variable.
bool prefer_shared_memory_transport();

} // namespace qrem
