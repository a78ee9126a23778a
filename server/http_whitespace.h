#pragma once
//! HTTP's optional whitespace (RFC 9110 §5.6.3: spaces and tabs) around a header value or a list
//! item, for every parser of a header the server reads. Pure, thread-safe.
#include <string_view>

namespace msgr::server {

inline std::string_view trimmedHttpSpace(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace msgr::server
