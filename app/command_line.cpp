#include "command_line.hpp"

#include <cctype>

namespace qrem::app {
namespace {

bool is_petsc_option(const std::string& token) {
    return token.size() >= 2 && token[0] == '-' &&
           std::isalpha(static_cast<unsigned char>(token[1])) && token != "-h";
}

bool is_qrem_option(const std::string& token) {
    return token.rfind("--", 0) == 0 || token == "-h";
}

} // namespace

CommandLine split_command_line(int argc, const char* const* argv) {
    CommandLine line;
    int first = 1;
    if (argc > 1 && argv[1][0] != '-') {
        line.subcommand = argv[1];
        first = 2;
    }
    // Values follow their option: a token that is neither kind belongs to the option before.
    std::vector<std::string>* current = &line.qrem_args;
    for (int i = first; i < argc; ++i) {
        const std::string token = argv[i];
        if (is_qrem_option(token))
            current = &line.qrem_args;
        else if (is_petsc_option(token))
            current = &line.petsc_args;
        current->push_back(token);
    }
    return line;
}

} // namespace qrem::app
