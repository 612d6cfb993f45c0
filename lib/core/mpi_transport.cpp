#include "core/mpi_transport.hpp"

#include <cstdlib>
#include <string>

namespace qrem {

bool prefer_shared_memory_transport() {
    if (std::getenv("OMPI_MCA_pml"))
        return false; // the user's choice
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    const char* local_size = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    bool one_node = false;
    if (size && local_size)
        one_node = std::string(size) == local_size;
    else // a singleton: no launcher of any kind (srun sets PMIX_RANK or PMI_RANK)
        one_node = !size && !local_size && !std::getenv("PMIX_RANK") && !std::getenv("PMI_RANK");
    // Every rank sees the same sizes, so all of them take the same layer.
    return one_node && setenv("OMPI_MCA_pml", "ob1", 0) == 0;
}

} // namespace qrem
