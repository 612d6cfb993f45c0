#include "core/log_event.hpp"

#include <map>
#include <string>

namespace qrem {

PetscLogEvent log_event(const char* name) {
    static const PetscClassId id = [] {
        PetscClassId c = 0;
        PetscClassIdRegister("qrem", &c);
        return c;
    }();
    static std::map<std::string, PetscLogEvent> events;
    auto [it, inserted] = events.try_emplace(name, 0);
    if (inserted)
        PetscLogEventRegister(name, id, &it->second);
    return it->second;
}

} // namespace qrem
