// The single-node choice of Open MPI's point-to-point layer (core/mpi_transport), on a
// scratch environment: the variables it reads are set and restored around each case.
#include "core/mpi_transport.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace {

const char* const variables[] = {"OMPI_MCA_pml", "OMPI_COMM_WORLD_SIZE",
                                 "OMPI_COMM_WORLD_LOCAL_SIZE", "PMIX_RANK", "PMI_RANK"};

/// Sets exactly `values` among `variables` for its lifetime, then puts the old ones back.
class ScratchEnvironment {
public:
    explicit ScratchEnvironment(std::initializer_list<std::pair<const char*, const char*>> values) {
        for (const char* name : variables) {
            const char* old = std::getenv(name);
            saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
            unsetenv(name);
        }
        for (const auto& [name, value] : values)
            setenv(name, value, 1);
    }
    ~ScratchEnvironment() {
        for (const auto& [name, value] : saved_)
            if (value)
                setenv(name.c_str(), value->c_str(), 1);
            else
                unsetenv(name.c_str());
    }

private:
    std::map<std::string, std::optional<std::string>> saved_;
};

std::string pml() {
    const char* value = std::getenv("OMPI_MCA_pml");
    return value ? value : "(unset)";
}

} // namespace

TEST_CASE("ob1 is chosen only for jobs on one node whose user chose no layer") {
    {
        const ScratchEnvironment env(
            {{"OMPI_COMM_WORLD_SIZE", "3"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "3"}});
        CHECK(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "ob1");
    }
    {
        const ScratchEnvironment env{}; // a singleton
        CHECK(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "ob1");
    }
    {
        const ScratchEnvironment env(
            {{"OMPI_COMM_WORLD_SIZE", "8"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "4"}}); // two nodes
        CHECK_FALSE(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "(unset)");
    }
    {
        const ScratchEnvironment env({{"PMIX_RANK", "0"}}); // srun, sizes unknown
        CHECK_FALSE(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "(unset)");
    }
    {
        const ScratchEnvironment env({{"PMI_RANK", "0"}});
        CHECK_FALSE(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "(unset)");
    }
    {
        const ScratchEnvironment env({{"OMPI_MCA_pml", "ucx"},
                                      {"OMPI_COMM_WORLD_SIZE", "2"},
                                      {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}});
        CHECK_FALSE(qrem::prefer_shared_memory_transport());
        CHECK(pml() == "ucx");
    }
}
